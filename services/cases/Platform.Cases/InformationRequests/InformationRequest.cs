using Platform.ServiceDefaults.Security;

namespace Platform.Cases.InformationRequests;

/// <summary>A caseworker's question to the citizen, and the citizen's answer once given.</summary>
public sealed class InformationRequest : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required Guid CaseId { get; init; }
    public required string Question { get; init; }
    public required string RequestedBy { get; init; }
    public DateTimeOffset RequestedAt { get; init; }

    public string? Answer { get; set; }

    /// <summary>Whether the answer came with new form answers, which then replaced the case's.</summary>
    public bool AnswersReplaced { get; set; }

    public DateTimeOffset? AnsweredAt { get; set; }
}
