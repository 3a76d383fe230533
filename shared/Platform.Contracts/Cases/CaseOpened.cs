namespace Platform.Contracts.Cases;

/// <summary>A case was opened in a municipality's queue, one per submission.</summary>
public sealed record CaseOpened(
    Guid CaseId,
    string CaseNumber,
    string TenantId,
    Guid SubmissionId,
    string FormKey,
    string FormTitle,
    string CitizenId,
    string Status,
    DateTimeOffset OpenedAt);
