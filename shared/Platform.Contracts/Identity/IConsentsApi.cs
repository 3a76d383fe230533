using Refit;

namespace Platform.Contracts.Identity;

/// <summary>The identity service's consent register, as a service asks it before acting on a partner's request for a citizen.</summary>
public interface IConsentsApi
{
    /// <summary>Needs a token with the consents.read scope.</summary>
    [Get("/tenants/{tenantId}/consents/check")]
    Task<IApiResponse<ConsentCheck>> CheckAsync(string tenantId, [Query] string partnerId, [Query] string citizenId, [Query] string formKey, CancellationToken cancellationToken = default);
}
