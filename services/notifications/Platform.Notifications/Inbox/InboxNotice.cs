using Platform.Notifications.Deliveries;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Inbox;

/// <summary>
/// A notification in its recipient's in-app inbox: always delivered, whatever other channels they chose. Its id is
/// the notification's, so a notification lands in an inbox once.
/// </summary>
public sealed class InboxNotice : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public RecipientKind RecipientKind { get; init; }
    public required string RecipientId { get; init; }
    public Guid? CaseId { get; init; }

    /// <summary>What the notice is about, e.g. "case-opened".</summary>
    public required string Kind { get; init; }

    public required string Subject { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}
