using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

public sealed class CivilServantTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();
    private HttpClient _fjordbyAdmin = null!;

    public async Task InitializeAsync() => _fjordbyAdmin = await _identity.CivilServantAsync("admin@fjordby.no");

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_tenant_admin_lists_their_own_municipalitys_staff_only()
    {
        var staff = await _fjordbyAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/fjordby/civil-servants");

        Assert.Equal(["admin@fjordby.no", "dag@fjordby.no", "ingrid@fjordby.no"], staff!.Select(s => s.Email));
    }

    [Fact]
    public async Task Another_municipalitys_staff_is_not_found()
    {
        using var response = await _fjordbyAdmin.GetAsync("/tenants/skogsberg/civil-servants");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Another_municipalitys_civil_servant_cannot_be_removed_through_ones_own()
    {
        var skogsbergAdmin = await _identity.CivilServantAsync("admin@skogsberg.se");
        var lars = (await skogsbergAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/skogsberg/civil-servants"))!.Single(s => s.Email == "lars@skogsberg.se");

        using var response = await _fjordbyAdmin.DeleteAsync($"/tenants/fjordby/civil-servants/{lars.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Contains(lars.Id, (await skogsbergAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/skogsberg/civil-servants"))!.Select(s => s.Id));
    }

    [Fact]
    public async Task A_caseworker_does_not_manage_staff()
    {
        var caseworker = await _identity.CivilServantAsync("ingrid@fjordby.no");

        using var response = await caseworker.GetAsync("/tenants/fjordby/civil-servants");

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task A_new_civil_servant_signs_in_with_their_roles_until_removed()
    {
        using var created = await _fjordbyAdmin.PostAsJsonAsync("/tenants/fjordby/civil-servants",
            new { email = "Siri@Fjordby.no", displayName = "Siri Dal", password = "a-long-enough-password", roles = new[] { Roles.Caseworker, Roles.FormDesigner } });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var siri = (await created.Content.ReadFromJsonAsync<CivilServantView>())!;
        Assert.Equal(("siri@fjordby.no", "fjordby"), (siri.Email, siri.TenantId));
        var token = Tokens.Read(await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(
            _identity.Browser(), IdentityHost.Issuer, "siri@fjordby.no", "a-long-enough-password", "siri's-own-password"));
        Assert.Equal([Roles.Caseworker, Roles.FormDesigner], token.All(PlatformClaims.Role));
        Assert.Equal("fjordby", token.One(PlatformClaims.Tenant));

        using var removed = await _fjordbyAdmin.DeleteAsync($"/tenants/fjordby/civil-servants/{siri.Id}");

        Assert.Equal(HttpStatusCode.NoContent, removed.StatusCode);
        await Assert.ThrowsAsync<InvalidOperationException>(
            () => Platform.Testing.SignIn.CivilServantAsync(_identity.Browser(), IdentityHost.Issuer, "siri@fjordby.no", "siri's-own-password"));
    }

    [Fact]
    public async Task A_civil_servant_gets_only_civil_servants_roles_and_a_valid_address_and_password()
    {
        using var response = await _fjordbyAdmin.PostAsJsonAsync("/tenants/fjordby/civil-servants",
            new { email = "not an address", displayName = "", password = "short", roles = new[] { Roles.Caseworker, Roles.PlatformAdmin } });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/displayName", "/email", "/password", "/roles/1"], errors.Keys.Order());
        Assert.Equal(3, (await _fjordbyAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/fjordby/civil-servants"))!.Count);
    }

    [Fact]
    public async Task An_address_already_signing_in_anywhere_is_a_conflict()
    {
        using var response = await _fjordbyAdmin.PostAsJsonAsync("/tenants/fjordby/civil-servants",
            new { email = "lars@skogsberg.se", displayName = "Lars again", password = "a-long-enough-password", roles = new[] { Roles.Caseworker } });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal(3, (await _fjordbyAdmin.GetFromJsonAsync<List<CivilServantView>>("/tenants/fjordby/civil-servants"))!.Count);
    }
}
