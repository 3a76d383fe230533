using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Inbox;

/// <summary>A message in a citizen's in-app inbox: always delivered, whatever other channels they chose.</summary>
public sealed class InboxNotice : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string CitizenId { get; init; }
    public Guid? CaseId { get; init; }

    /// <summary>What the notice is about, e.g. "case-opened".</summary>
    public required string Kind { get; init; }

    public required string Subject { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? ReadAt { get; set; }
}
