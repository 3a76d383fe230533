using Refit;

namespace Platform.Contracts.Identity;

/// <summary>The consents a citizen gave partners, as the citizen manages them.</summary>
public interface ICitizenConsentsApi
{
    [Get("/citizens/me/consents")]
    Task<IApiResponse<List<CitizenConsent>>> ListAsync(CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/consents")]
    Task<IApiResponse<CitizenConsent>> GrantAsync(string tenantId, [Body] ConsentGrant grant, CancellationToken cancellationToken = default);

    [Delete("/citizens/me/consents/{consentId}")]
    Task<IApiResponse<CitizenConsent>> RevokeAsync(Guid consentId, CancellationToken cancellationToken = default);
}

public sealed record ConsentGrant(string PartnerId, IReadOnlyList<string> FormKeys, DateTimeOffset ExpiresAt);

/// <summary>A consent as its citizen sees it (the identity service's ConsentView); revoked or expired ones stay listed.</summary>
public sealed record CitizenConsent(Guid Id, string CitizenId, string PartnerId, string TenantId, IReadOnlyList<string> FormKeys,
    DateTimeOffset ExpiresAt, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt);
