using Refit;

namespace Platform.Contracts.Cases;

/// <summary>The cases service's public API, as another service reads a municipality's cases.</summary>
public interface ICasesApi
{
    /// <summary>Needs a token with the cases.read scope; a service holding it sees every case of the municipality.</summary>
    [Get("/tenants/{tenantId}/cases")]
    Task<IApiResponse<List<CaseSummary>>> FindBySubmissionAsync(string tenantId, [Query] Guid submissionId, CancellationToken cancellationToken = default);
}

/// <summary>A case as the cases service shows it (its CaseView); <paramref name="Status"/> is the name of its stage (Received, ..., Decided, Closed, Withdrawn).</summary>
/// <param name="AssigneeId">The caseworker handling the case; null while it waits in the queue.</param>
/// <param name="Outcome">Approved or Rejected, once decided.</param>
public sealed record CaseSummary(Guid Id, string CaseNumber, string TenantId, Guid SubmissionId, string FormKey, int FormVersion,
    string FormTitle, string CitizenId, string Status, DateTimeOffset OpenedAt, string? SubmittedVia = null, string? AssigneeId = null,
    DateTimeOffset? DueAt = null, bool IsOverdue = false, string? Outcome = null, string? DecisionReason = null, DateTimeOffset? DecidedAt = null);
