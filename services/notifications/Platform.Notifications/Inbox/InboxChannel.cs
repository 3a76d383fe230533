using Platform.Notifications.Deliveries;

namespace Platform.Notifications.Inbox;

/// <summary>
/// Delivers to the in-app inbox: the notice joins the dispatcher's unit of work and commits with the delivery's
/// outcome, so it is delivered the moment it commits, and once: the delivery is claimed while it is attempted, and the
/// notice and the delivered status are stored together or not at all.
/// </summary>
public sealed class InboxChannel(NotificationsDb db, TimeProvider clock) : IDeliveryChannel
{
    public string Name => Channels.Inbox;

    public Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        var notice = new InboxNotice
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
        };
        // The dispatcher attempts a batch's deliveries side by side in one unit of work, and EF's change tracker takes
        // one change at a time.
        lock (db)
        {
            db.Notices.Add(notice);
        }

        return Task.FromResult(DeliveryOutcome.Delivered);
    }
}
