using Refit;

namespace Platform.Contracts.Identity;

/// <summary>What the platform administrator does to grow the network: members, each municipality's first tenant admin, partners' clients.</summary>
public interface INetworkAdministrationApi
{
    [Post("/organisations")]
    Task<IApiResponse<Organisation>> RegisterAsync([Body] OrganisationRegistration registration, CancellationToken cancellationToken = default);

    [Post("/organisations/{organisationId}/tenant-admins")]
    Task<IApiResponse<StaffInvitation>> InviteTenantAdminAsync(string organisationId, [Body] TenantAdminInvite invite, CancellationToken cancellationToken = default);

    [Get("/organisations/{partnerId}/clients")]
    Task<IApiResponse<List<PartnerClient>>> ListClientsAsync(string partnerId, CancellationToken cancellationToken = default);

    [Post("/organisations/{partnerId}/clients")]
    Task<IApiResponse<IssuedPartnerClient>> IssueClientAsync(string partnerId, [Body] PartnerClientRequest request, CancellationToken cancellationToken = default);

    [Post("/organisations/{partnerId}/clients/{clientId}/secret")]
    Task<IApiResponse<IssuedPartnerClient>> RotateSecretAsync(string partnerId, string clientId, CancellationToken cancellationToken = default);

    [Delete("/organisations/{partnerId}/clients/{clientId}")]
    Task<IApiResponse> RevokeClientAsync(string partnerId, string clientId, CancellationToken cancellationToken = default);
}

/// <summary>A new member; every field is checked by identity, which names the ones it refuses.</summary>
public sealed record OrganisationRegistration(string? Id, string? Name, OrganisationKind? Kind, string? Country);

/// <param name="Email">The new tenant admin's e-mail, their sign-in name.</param>
/// <param name="Password">The initial password to hand over; without one, a random one is made and returned once.</param>
public sealed record TenantAdminInvite(string? Email, string? DisplayName, string? Password = null);

public sealed record PartnerClientRequest(IReadOnlyList<string>? Scopes);

/// <summary>A partner's client as it is registered; its secret is never shown again.</summary>
public sealed record PartnerClient(string ClientId, string PartnerId, IReadOnlyList<string> Scopes);

/// <summary>A partner's client with its new secret, shown only in the answer that issued or rotated it.</summary>
public sealed record IssuedPartnerClient(string ClientId, string PartnerId, IReadOnlyList<string> Scopes, string ClientSecret);
