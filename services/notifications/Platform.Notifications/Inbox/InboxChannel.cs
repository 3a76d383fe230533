using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Deliveries;

namespace Platform.Notifications.Inbox;

/// <summary>Delivers to the in-app inbox: the notice is stored in the dispatcher's own transaction, so it is delivered the moment it commits.</summary>
public sealed class InboxChannel(NotificationsDb db, TimeProvider clock) : IDeliveryChannel
{
    public string Name => Channels.Inbox;

    public async Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        if (!await db.Notices.AnyAsync(n => n.Id == notification.Id, cancellationToken))
        {
            db.Notices.Add(new InboxNotice
            {
                Id = notification.Id,
                TenantId = notification.TenantId,
                RecipientKind = notification.RecipientKind,
                RecipientId = notification.RecipientId,
                CaseId = notification.CaseId,
                Kind = notification.Kind,
                Subject = notification.Subject,
                Body = notification.Body,
                CreatedAt = clock.GetUtcNow(),
            });
        }

        return DeliveryOutcome.Delivered;
    }
}
