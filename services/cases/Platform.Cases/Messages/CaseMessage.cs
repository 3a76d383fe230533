using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Messages;

/// <summary>One message in a case's thread between the citizen and the municipality's civil servants.</summary>
public sealed class CaseMessage : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required Guid CaseId { get; init; }

    /// <summary>citizen or civil-servant (the party claim's values).</summary>
    public required string AuthorParty { get; init; }

    public required string AuthorId { get; init; }
    public required string Body { get; init; }
    public DateTimeOffset PostedAt { get; init; }
}
