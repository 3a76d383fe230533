using System.Net;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

public sealed class PeopleSignInTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_civil_servant_signs_in_with_e_mail_and_password_and_gets_tenant_and_roles()
    {
        var token = Tokens.Read(await _identity.CivilServantTokenAsync("admin@skogsberg.se"));

        Assert.Equal(Parties.CivilServant, token.One(PlatformClaims.Party));
        Assert.Equal("skogsberg", token.One(PlatformClaims.Tenant));
        Assert.Equal("skogsberg", token.One(PlatformClaims.Organisation));
        Assert.Equal([Roles.Caseworker, Roles.FormDesigner, Roles.TenantAdmin], token.All(PlatformClaims.Role));
        Assert.Equal("platform-cli", token.One(PlatformClaims.ClientId));
        Assert.Equal(Audiences.All.Order(), token.Audiences.Order());
        Assert.True(Guid.TryParse(token.Subject, out _));
        Assert.Null(token.One("name"));
    }

    [Fact]
    public async Task A_citizen_signs_in_through_the_test_eid_as_their_national_id()
    {
        var token = Tokens.Read(await _identity.CitizenTokenAsync("citizen-kari"));

        Assert.Equal("citizen-kari", token.Subject);
        Assert.Equal(Parties.Citizen, token.One(PlatformClaims.Party));
        Assert.Null(token.One(PlatformClaims.Tenant));
        Assert.Empty(token.All(PlatformClaims.Role));
        Assert.Equal(Audiences.All.Order(), token.Audiences.Order());
    }

    [Fact]
    public async Task The_platform_admin_has_the_platform_admin_role_and_no_tenant()
    {
        var token = Tokens.Read(await _identity.CivilServantTokenAsync("root@platform.example"));

        Assert.Equal(Parties.CivilServant, token.One(PlatformClaims.Party));
        Assert.Equal([Roles.PlatformAdmin], token.All(PlatformClaims.Role));
        Assert.Null(token.One(PlatformClaims.Tenant));
    }

    [Fact]
    public async Task A_wrong_password_shows_the_sign_in_page_again_and_issues_nothing()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(
            () => Platform.Testing.SignIn.CivilServantAsync(_identity.Browser(), IdentityHost.Issuer, "ingrid@fjordby.no", "guess"));

        Assert.Contains("400", refused.Message);
        Assert.Contains("Wrong e-mail or password", refused.Message);
    }

    [Fact]
    public async Task A_sign_in_page_refuses_to_send_the_browser_to_another_site()
    {
        using var response = await _identity.Browser().GetAsync("/account/sign-in?returnUrl=https%3A%2F%2Fevil.example%2F");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("returnUrl", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_sign_in_form_past_the_form_readers_limits_is_a_400_problem()
    {
        // A field name of 30,000 characters: the form reader's limit on a key is 2,048.
        using var form = new StringContent("a" + string.Concat(Enumerable.Repeat("[a]", 10_000)) + "=1", System.Text.Encoding.UTF8, "application/x-www-form-urlencoded");
        using var response = await _identity.Browser().PostAsync("/account/sign-in", form);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_user_token_is_accepted_by_the_identity_api()
    {
        var http = await _identity.CitizenAsync("citizen-anna");

        using var response = await http.GetAsync("/organisations");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }
}
