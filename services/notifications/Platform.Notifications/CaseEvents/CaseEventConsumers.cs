using Platform.Contracts.Cases;
using Platform.Notifications.Templates;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.CaseEvents;

// One consumer per case event. Each is idempotent twice over: by message id (IdempotentConsumer) and by the event's
// own identity, which Notifier checks per recipient, so a republished event is told once too.

/// <summary>Tells the citizen their submission became a case, with the number to quote.</summary>
public sealed class NotifyOnCaseOpened(NotificationsDb db, TimeProvider clock, Notifier notifier) : IdempotentConsumer<CaseOpened, NotificationsDb>(db, clock)
{
    protected override Task Handle(CaseOpened opened, CancellationToken cancellationToken) =>
        notifier.TellCitizenAsync(Announcement.Of(NotificationKind.CaseOpened, $"case-opened/{opened.CaseId}", opened.TenantId, opened.CaseId,
                opened.CaseNumber, opened.FormTitle, ("status", opened.Status), ("due_date", opened.DueAt)),
            opened.CitizenId, cancellationToken);
}

/// <summary>Tells the citizen their case moved on, with the reason when the change carries one.</summary>
public sealed class NotifyOnCaseStatusChanged(NotificationsDb db, TimeProvider clock, Notifier notifier)
    : IdempotentConsumer<CaseStatusChanged, NotificationsDb>(db, clock)
{
    protected override Task Handle(CaseStatusChanged changed, CancellationToken cancellationToken) =>
        notifier.TellCitizenAsync(Announcement.About(NotificationKind.CaseStatusChanged,
                $"case-status-changed/{changed.Case.CaseId}/{changed.ToStatus}/{changed.ChangedAt.UtcTicks}", changed.Case,
                ("status", changed.ToStatus), ("previous_status", changed.FromStatus), ("reason", changed.Reason), ("due_date", changed.DueAt)),
            changed.Case.CitizenId, cancellationToken);
}

/// <summary>Tells the citizen the caseworker needs an answer, with the question.</summary>
public sealed class NotifyOnCaseInformationRequested(NotificationsDb db, TimeProvider clock, Notifier notifier)
    : IdempotentConsumer<CaseInformationRequested, NotificationsDb>(db, clock)
{
    protected override Task Handle(CaseInformationRequested requested, CancellationToken cancellationToken) =>
        notifier.TellCitizenAsync(Announcement.About(NotificationKind.CaseInformationRequested,
                $"case-information-requested/{requested.RequestId}", requested.Case, ("question", requested.Question)),
            requested.Case.CitizenId, cancellationToken);
}

/// <summary>Tells the citizen a civil servant wrote in the case's thread; what the citizen wrote themself is not news to them.</summary>
public sealed class NotifyOnCaseMessagePosted(NotificationsDb db, TimeProvider clock, Notifier notifier)
    : IdempotentConsumer<CaseMessagePosted, NotificationsDb>(db, clock)
{
    protected override Task Handle(CaseMessagePosted posted, CancellationToken cancellationToken) =>
        posted.AuthorParty == Parties.Citizen
            ? Task.CompletedTask
            : notifier.TellCitizenAsync(Announcement.About(NotificationKind.CaseMessagePosted,
                    $"case-message-posted/{posted.MessageId}", posted.Case, ("excerpt", posted.Excerpt)),
                posted.Case.CitizenId, cancellationToken);
}

/// <summary>Tells the caseworker a case passed its due date; with nobody assigned, the municipality's queue.</summary>
public sealed class NotifyOnCaseOverdue(NotificationsDb db, TimeProvider clock, Notifier notifier) : IdempotentConsumer<CaseOverdue, NotificationsDb>(db, clock)
{
    protected override Task Handle(CaseOverdue overdue, CancellationToken cancellationToken) =>
        notifier.TellCaseworkersAsync(Announcement.About(NotificationKind.CaseOverdue,
                $"case-overdue/{overdue.Case.CaseId}/{overdue.DueAt.UtcTicks}", overdue.Case, ("due_date", overdue.DueAt), ("assignee", overdue.AssigneeId)),
            overdue.AssigneeId, cancellationToken);
}
