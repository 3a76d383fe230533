using Refit;

namespace Platform.Contracts.Cases;

/// <summary>The cases service as people use it: a caseworker's queue and a citizen's own cases.</summary>
public interface ICaseHandlingApi
{
    /// <summary>A caseworker sees the municipality's cases, a citizen only their own.</summary>
    [Get("/tenants/{tenantId}/cases")]
    Task<IApiResponse<List<CaseSummary>>> ListAsync(string tenantId, [Query] string? formKey = null, [Query] Guid? submissionId = null,
        [Query] int? limit = null, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/cases/{caseId}")]
    Task<IApiResponse<CaseSummary>> GetAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);
}
