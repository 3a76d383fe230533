using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

/// <summary>
/// From the bootstrap administrator on, a real network grows through the APIs alone: a municipality and its first
/// tenant admin, its staff and their roles, a partner and its client.
/// </summary>
public sealed class NetworkGrowthTests : IAsyncLifetime
{
    private const string AdminEmail = "operator@platform.example.org";

    private readonly IdentityHost _identity = new(new Dictionary<string, string?>
    {
        ["Identity:Bootstrap:AdminEmail"] = AdminEmail,
        ["Identity:Bootstrap:AdminPassword"] = "initial-from-the-secret",
    }, environment: "Production");

    private HttpClient _admin = null!;

    public async Task InitializeAsync() => _admin = _identity.Anonymous().WithToken(await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(
        _identity.Browser(), IdentityHost.Issuer, AdminEmail, "initial-from-the-secret", "the-operator's-own-password", IdentityHost.Console));

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_new_municipalitys_first_tenant_admin_invites_a_caseworker_and_gives_and_takes_roles()
    {
        await RegisterAsync("elvdal", "Municipality");
        var (_, tenantAdmin) = await InviteAndSignInAsync(
            _admin, "/organisations/elvdal/tenant-admins", new { email = "Admin@Elvdal.no", displayName = "Elvdal administrator" }, "admin@elvdal.no");

        Assert.Equal("elvdal", tenantAdmin.One(PlatformClaims.Tenant));
        Assert.Equal([Roles.TenantAdmin], tenantAdmin.All(PlatformClaims.Role));
        var elvdalAdmin = _identity.Anonymous().WithToken(tenantAdmin.EncodedToken);

        var (siri, caseworker) = await InviteAndSignInAsync(elvdalAdmin, "/tenants/elvdal/civil-servants",
            new { email = "siri@elvdal.no", displayName = "Siri Dal", roles = new[] { Roles.Caseworker } }, "siri@elvdal.no");
        Assert.Equal("elvdal", caseworker.One(PlatformClaims.Tenant));
        Assert.Equal([Roles.Caseworker], caseworker.All(PlatformClaims.Role));

        using var given = await elvdalAdmin.PutAsJsonAsync($"/tenants/elvdal/civil-servants/{siri.Id}/roles", new { roles = new[] { Roles.Caseworker, Roles.FormDesigner } });
        Assert.Equal(HttpStatusCode.OK, given.StatusCode);
        Assert.Equal([Roles.Caseworker, Roles.FormDesigner], Tokens.Read(await SignInAsync("siri@elvdal.no")).All(PlatformClaims.Role));

        using var taken = await elvdalAdmin.PutAsJsonAsync($"/tenants/elvdal/civil-servants/{siri.Id}/roles", new { roles = new[] { Roles.FormDesigner } });
        Assert.Equal(HttpStatusCode.OK, taken.StatusCode);
        Assert.Equal([Roles.FormDesigner], Tokens.Read(await SignInAsync("siri@elvdal.no")).All(PlatformClaims.Role));

        var staff = await elvdalAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/elvdal/civil-servants");
        Assert.Equal(["admin@elvdal.no", "siri@elvdal.no"], staff!.Select(s => s.Email));
    }

    [Fact]
    public async Task A_municipality_keeps_at_least_one_tenant_admin()
    {
        await RegisterAsync("elvdal", "Municipality");
        var (invited, token) = await InviteAndSignInAsync(_admin, "/organisations/elvdal/tenant-admins", new { email = "admin@elvdal.no", displayName = "Elvdal administrator" }, "admin@elvdal.no");
        var elvdalAdmin = _identity.Anonymous().WithToken(token.EncodedToken);

        using var demoted = await elvdalAdmin.PutAsJsonAsync($"/tenants/elvdal/civil-servants/{invited.Id}/roles", new { roles = new[] { Roles.Caseworker } });
        using var removed = await elvdalAdmin.DeleteAsync($"/tenants/elvdal/civil-servants/{invited.Id}");

        await Problems.ExpectAsync(demoted, HttpStatusCode.Conflict, "elvdal's only tenant admin");
        await Problems.ExpectAsync(removed, HttpStatusCode.Conflict, "elvdal's only tenant admin");
        Assert.Equal([Roles.TenantAdmin], Tokens.Read(await SignInAsync("admin@elvdal.no")).All(PlatformClaims.Role));
    }

    [Fact]
    public async Task A_partners_client_secret_is_shown_once_works_and_stops_working_when_rotated_and_when_revoked()
    {
        await RegisterAsync("fjellbank", "Partner");

        using var issued = await _admin.PostAsJsonAsync("/organisations/fjellbank/clients", new { scopes = new[] { Scopes.FormsSubmit, Scopes.CasesRead } });
        Assert.Equal(HttpStatusCode.Created, issued.StatusCode);
        var client = (await issued.Content.ReadFromJsonAsync<IssuedPartnerClient>())!;
        Assert.Equal("fjellbank-client", client.ClientId);

        var token = Tokens.Read(await _identity.ClientTokenAsync(client.ClientId, client.ClientSecret, "forms.submit cases.read"));
        Assert.Equal((Parties.Partner, "fjellbank"), (token.One(PlatformClaims.Party), token.One(PlatformClaims.Organisation)));
        Assert.DoesNotContain(client.ClientSecret, await _admin.GetStringAsync("/organisations/fjellbank/clients"));

        using var rotation = await _admin.PostAsync("/organisations/fjellbank/clients/fjellbank-client/secret", null);
        var rotated = (await rotation.Content.ReadFromJsonAsync<IssuedPartnerClient>())!;
        Assert.Contains("invalid_client", (await Assert.ThrowsAsync<InvalidOperationException>(
            () => _identity.ClientTokenAsync(client.ClientId, client.ClientSecret, "forms.submit"))).Message);
        await _identity.ClientTokenAsync(client.ClientId, rotated.ClientSecret, "forms.submit");

        using var revoked = await _admin.DeleteAsync("/organisations/fjellbank/clients/fjellbank-client");
        Assert.Equal(HttpStatusCode.NoContent, revoked.StatusCode);
        Assert.Contains("invalid_client", (await Assert.ThrowsAsync<InvalidOperationException>(
            () => _identity.ClientTokenAsync(client.ClientId, rotated.ClientSecret, "forms.submit"))).Message);
    }

    [Fact]
    public async Task A_partner_may_be_granted_only_partners_scopes()
    {
        await RegisterAsync("fjellbank", "Partner");

        using var response = await _admin.PostAsJsonAsync("/organisations/fjellbank/clients", new { scopes = new[] { Scopes.FormsSubmit, Scopes.ConsentsRead } });

        Assert.Equal(["/scopes/1"], (await Problems.ValidationErrorsAsync(response)).Keys);
        Assert.Equal("[]", await _admin.GetStringAsync("/organisations/fjellbank/clients"));
    }

    [Fact]
    public async Task A_partner_gets_no_tenant_admin_a_municipality_no_client_and_an_unknown_organisation_neither()
    {
        await RegisterAsync("fjellbank", "Partner");
        await RegisterAsync("elvdal", "Municipality");

        using var adminOfPartner = await _admin.PostAsJsonAsync("/organisations/fjellbank/tenant-admins", new { email = "boss@fjellbank.no", displayName = "Boss" });
        using var clientOfMunicipality = await _admin.PostAsJsonAsync("/organisations/elvdal/clients", new { scopes = new[] { Scopes.FormsSubmit } });
        using var unknown = await _admin.PostAsJsonAsync("/organisations/nowhere/clients", new { scopes = new[] { Scopes.FormsSubmit } });

        await Problems.ExpectAsync(adminOfPartner, HttpStatusCode.Conflict, "only a municipality has civil servants");
        await Problems.ExpectAsync(clientOfMunicipality, HttpStatusCode.Conflict, "only a partner gets a client");
        await Problems.ExpectAsync(unknown, HttpStatusCode.NotFound, "No organisation 'nowhere'");
    }

    [Fact]
    public async Task Only_the_platform_admin_invites_a_tenant_admin_or_issues_a_client()
    {
        await RegisterAsync("elvdal", "Municipality");
        var (_, token) = await InviteAndSignInAsync(_admin, "/organisations/elvdal/tenant-admins", new { email = "admin@elvdal.no", displayName = "Elvdal administrator" }, "admin@elvdal.no");
        var elvdalAdmin = _identity.Anonymous().WithToken(token.EncodedToken);

        using var another = await elvdalAdmin.PostAsJsonAsync("/organisations/elvdal/tenant-admins", new { email = "second@elvdal.no", displayName = "Second" });

        Assert.Equal(HttpStatusCode.Forbidden, another.StatusCode);
    }

    private async Task RegisterAsync(string id, string kind)
    {
        using var response = await _admin.PostAsJsonAsync("/organisations", new { id, name = $"{id} ({kind})", kind, country = "NO" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    /// <summary>Invites someone, who then signs in with the initial password the invitation showed and chooses their own.</summary>
    private async Task<(StaffInvitation Invitation, Microsoft.IdentityModel.JsonWebTokens.JsonWebToken Token)> InviteAndSignInAsync(
        HttpClient inviter, string path, object body, string email)
    {
        using var response = await inviter.PostAsJsonAsync(path, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var invitation = (await response.Content.ReadFromJsonAsync<StaffInvitation>())!;
        Assert.True(invitation.MustChangePassword);
        Assert.NotNull(invitation.InitialPassword);
        var token = await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(
            _identity.Browser(), IdentityHost.Issuer, email, invitation.InitialPassword!, OwnPassword(email), IdentityHost.Console);
        return (invitation, Tokens.Read(token));
    }

    private Task<string> SignInAsync(string email) =>
        Platform.Testing.SignIn.CivilServantAsync(_identity.Browser(), IdentityHost.Issuer, email, OwnPassword(email), IdentityHost.Console);

    private static string OwnPassword(string email) => $"{email}'s own password";
}
