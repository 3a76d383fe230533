using Refit;

namespace Platform.Contracts.Identity;

/// <summary>The identity service's registry of organisations, as other services call it.</summary>
public interface IOrganisationsApi
{
    /// <summary>The registry is public: municipalities to pick from, partners to consent to.</summary>
    [Get("/organisations")]
    Task<IApiResponse<List<Organisation>>> ListAsync([Query] OrganisationKind? kind = null, CancellationToken cancellationToken = default);

    [Get("/organisations/{id}")]
    Task<IApiResponse<Organisation>> GetAsync(string id, CancellationToken cancellationToken = default);
}
