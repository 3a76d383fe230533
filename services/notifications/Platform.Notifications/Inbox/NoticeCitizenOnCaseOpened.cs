using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Cases;
using Platform.Contracts.Notifications;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Notifications.Inbox;

/// <summary>Tells the citizen their submission became a case, with the number to quote.</summary>
public sealed class NoticeCitizenOnCaseOpened(NotificationsDb db, TimeProvider clock) : IdempotentConsumer<CaseOpened, NotificationsDb>(db, clock)
{
    public const string Kind = "case-opened";

    protected override async Task Handle(CaseOpened opened, CancellationToken cancellationToken)
    {
        if (await Db.Notices.AnyAsync(n => n.CaseId == opened.CaseId && n.Kind == Kind, cancellationToken))
        {
            return;
        }

        var notice = new InboxNotice
        {
            TenantId = opened.TenantId,
            CitizenId = opened.CitizenId,
            CaseId = opened.CaseId,
            Kind = Kind,
            Subject = $"We received your request: {opened.FormTitle}",
            Body = $"Your case number is {opened.CaseNumber}. We will let you know when its status changes.",
            CreatedAt = Clock.GetUtcNow(),
        };
        Db.Notices.Add(notice);
        Db.Publish(new NotificationDelivered(notice.Id, notice.TenantId, notice.CitizenId, notice.CaseId, "inbox", notice.CreatedAt), Clock);
    }
}
