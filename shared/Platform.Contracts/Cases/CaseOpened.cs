namespace Platform.Contracts.Cases;

/// <summary>A case was opened in a municipality's queue, one per submission.</summary>
/// <param name="DueAt">When the municipality promises a decision: opening time plus the form's expected processing time.</param>
/// <param name="SubmittedVia">The partner that submitted for the citizen (which may follow the case); null when the citizen submitted themself.</param>
public sealed record CaseOpened(
    Guid CaseId,
    string CaseNumber,
    string TenantId,
    Guid SubmissionId,
    string FormKey,
    string FormTitle,
    string CitizenId,
    string Status,
    DateTimeOffset OpenedAt,
    DateTimeOffset? DueAt = null,
    string? SubmittedVia = null);
