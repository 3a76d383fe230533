using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Web.Pages.Console;

/// <summary>
/// The platform administrator's page: register municipalities and partners, invite a municipality's tenant admin, and
/// issue, rotate and revoke a partner's client. A new password or secret is shown on the answering page only, never
/// carried over a redirect, so it is in no cookie and no later page.
/// </summary>
public sealed class NetworkModel(IOrganisationsApi registry, INetworkAdministrationApi network) : ConsolePage
{
    public static readonly IReadOnlyList<string> PartnerScopes = [Scopes.FormsSubmit, Scopes.CasesRead, Scopes.WebhooksManage, Scopes.DataWrite];

    public bool IsPlatformAdmin => User.IsInRole(Roles.PlatformAdmin);

    public IReadOnlyList<Organisation> Municipalities { get; private set; } = [];
    public IReadOnlyList<Organisation> Partners { get; private set; } = [];
    public Dictionary<string, PartnerClient?> Clients { get; } = [];

    /// <summary>An initial password or a client secret, shown once in the answer to the post that made it.</summary>
    public string? ShownOnce { get; private set; }

    public async Task OnGetAsync(CancellationToken ct) => await LoadAsync(ct);

    public async Task<IActionResult> OnPostRegisterAsync(string? id, string? name, OrganisationKind? kind, string? country, CancellationToken ct)
    {
        var registered = await network.RegisterAsync(new OrganisationRegistration(id?.Trim(), name?.Trim(), kind, country?.Trim()), ct);
        return await ThenAsync(registered, "/console/network", () => LoadAsync(ct), organisation => string.Format(T["network.registered"], organisation.Name));
    }

    public async Task<IActionResult> OnPostInviteAsync(string organisationId, string? email, string? displayName, CancellationToken ct)
    {
        var invited = await network.InviteTenantAdminAsync(organisationId, new TenantAdminInvite(email?.Trim(), displayName?.Trim()), ct);
        if (Succeeded(invited))
        {
            ShownOnce = string.Format(T["network.invited"], invited.Content!.Email, invited.Content.InitialPassword);
        }

        return await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostIssueAsync(string partnerId, List<string> scopes, CancellationToken ct)
    {
        var issued = await network.IssueClientAsync(partnerId, new PartnerClientRequest(scopes), ct);
        if (Succeeded(issued))
        {
            ShownOnce = string.Format(T["network.secret"], issued.Content!.ClientId, issued.Content.ClientSecret);
        }

        return await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostRotateAsync(string partnerId, string clientId, CancellationToken ct)
    {
        var rotated = await network.RotateSecretAsync(partnerId, clientId, ct);
        if (Succeeded(rotated))
        {
            ShownOnce = string.Format(T["network.secret"], rotated.Content!.ClientId, rotated.Content.ClientSecret);
        }

        return await ReloadAsync(ct);
    }

    public async Task<IActionResult> OnPostRevokeAsync(string partnerId, string clientId, CancellationToken ct)
    {
        var revoked = await network.RevokeClientAsync(partnerId, clientId, ct);
        if (Succeeded(revoked))
        {
            Done = string.Format(T["network.revoked"], clientId);
            return Redirect("/console/network");
        }

        return await ReloadAsync(ct);
    }

    /// <summary>The page answers the post itself (no redirect), keeping the service's refusal or the secret shown once.</summary>
    private async Task<IActionResult> ReloadAsync(CancellationToken ct)
    {
        var failure = Failure;
        await LoadAsync(ct);
        Failure ??= failure;
        return Page();
    }

    private async Task LoadAsync(CancellationToken ct)
    {
        if (!IsPlatformAdmin)
        {
            return;
        }

        var members = await registry.ListAsync(cancellationToken: ct);
        if (!Succeeded(members))
        {
            return;
        }

        Municipalities = [.. members.Content!.Where(o => o.Kind == OrganisationKind.Municipality)];
        Partners = [.. members.Content!.Where(o => o.Kind == OrganisationKind.Partner)];
        foreach (var partner in Partners)
        {
            var clients = await network.ListClientsAsync(partner.Id, ct);
            Clients[partner.Id] = clients.IsSuccessStatusCode ? clients.Content!.FirstOrDefault() : null;
        }
    }
}
