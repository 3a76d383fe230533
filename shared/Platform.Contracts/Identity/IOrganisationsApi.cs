using Refit;

namespace Platform.Contracts.Identity;

/// <summary>The identity service's registry of organisations, as other services call it.</summary>
public interface IOrganisationsApi
{
    [Get("/organisations/{id}")]
    Task<IApiResponse<Organisation>> GetAsync(string id, CancellationToken cancellationToken = default);
}
