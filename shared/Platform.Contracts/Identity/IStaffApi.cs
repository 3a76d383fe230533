using Refit;

namespace Platform.Contracts.Identity;

/// <summary>A municipality's tenant admin manages who signs in for it, and with which roles.</summary>
public interface IStaffApi
{
    [Get("/tenants/{tenantId}/civil-servants")]
    Task<IApiResponse<List<CivilServantView>>> ListAsync(string tenantId, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/civil-servants")]
    Task<IApiResponse<StaffInvitation>> InviteAsync(string tenantId, [Body] StaffInvite invite, CancellationToken cancellationToken = default);

    [Put("/tenants/{tenantId}/civil-servants/{id}/roles")]
    Task<IApiResponse<CivilServantView>> SetRolesAsync(string tenantId, Guid id, [Body] RoleChange change, CancellationToken cancellationToken = default);

    [Delete("/tenants/{tenantId}/civil-servants/{id}")]
    Task<IApiResponse> RemoveAsync(string tenantId, Guid id, CancellationToken cancellationToken = default);
}

public sealed record CivilServantView(Guid Id, string TenantId, string Email, string DisplayName, IReadOnlyList<string> Roles);

/// <param name="Password">The initial password to hand over; without one, a random one is made and returned once.</param>
public sealed record StaffInvite(string? Email, string? DisplayName, IReadOnlyList<string>? Roles, string? Password = null);

public sealed record RoleChange(IReadOnlyList<string>? Roles);

/// <summary>
/// Who was invited. <paramref name="InitialPassword"/> is the one made up for them, shown only here (null when the inviter
/// chose it); they must replace it at their first sign-in.
/// </summary>
public sealed record StaffInvitation(Guid Id, string TenantId, string Email, string DisplayName, IReadOnlyList<string> Roles, bool MustChangePassword, string? InitialPassword);
