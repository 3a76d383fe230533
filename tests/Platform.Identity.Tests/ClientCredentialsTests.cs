using System.Net;
using System.Text.Json;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

public sealed class ClientCredentialsTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_partner_gets_a_jwt_access_token_for_the_apis_of_its_scopes()
    {
        var token = Tokens.Read(await _identity.ClientTokenAsync("nordbank-client", "nordbank-demo-secret", "forms.submit cases.read"));

        Assert.Equal("at+jwt", token.Typ);
        Assert.Equal(_identity.Keys.ActiveSigningCredentials.Key.KeyId, token.Kid);
        Assert.Equal("http://localhost/", token.Issuer);
        Assert.Equal([Audiences.Cases, Audiences.Forms], token.Audiences.Order());
        Assert.Equal("forms.submit cases.read", token.One(PlatformClaims.Scope));
        Assert.Equal(Parties.Partner, token.One(PlatformClaims.Party));
        Assert.Equal("nordbank", token.One(PlatformClaims.Organisation));
        Assert.Equal("nordbank-client", token.One(PlatformClaims.ClientId));
        Assert.Equal("nordbank-client", token.Subject);
        Assert.Null(token.One(PlatformClaims.Tenant));
        Assert.Equal(TimeSpan.FromHours(1), token.ValidTo - token.IssuedAt);
    }

    [Fact]
    public async Task A_service_token_is_for_the_identity_api_and_is_accepted_there()
    {
        var raw = await _identity.ClientTokenAsync("channels-service", "channels-demo-secret", "organisations.read");
        var token = Tokens.Read(raw);

        Assert.Equal([Audiences.Identity], token.Audiences);
        Assert.Equal(Parties.Service, token.One(PlatformClaims.Party));
        Assert.Null(token.One(PlatformClaims.Organisation));
        using var response = await _identity.Anonymous().WithToken(raw).GetAsync("/organisations/nordbank");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task A_wrong_secret_is_invalid_client()
    {
        var error = await RefusalAsync("nordbank-client", "not-the-secret", "forms.submit");

        Assert.Equal("invalid_client", error);
    }

    [Fact]
    public async Task A_scope_the_client_is_not_permitted_is_invalid_scope()
    {
        Assert.Equal("invalid_scope", await RefusalAsync("forms-service", "forms-demo-secret", "webhooks.manage"));
        Assert.Equal("invalid_scope", await RefusalAsync("nordbank-client", "nordbank-demo-secret", "forms.submit consents.read"));
    }

    [Fact]
    public async Task An_unknown_scope_is_invalid_scope()
    {
        Assert.Equal("invalid_scope", await RefusalAsync("nordbank-client", "nordbank-demo-secret", "everything"));
    }

    [Fact]
    public async Task The_helper_reports_the_servers_answer_when_refused()
    {
        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => _identity.ClientTokenAsync("nordbank-client", "wrong", "forms.submit"));

        Assert.Contains("invalid_client", refused.Message);
    }

    private async Task<string?> RefusalAsync(string clientId, string secret, string scope)
    {
        using var response = await _identity.Anonymous().PostAsync("/connect/token", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = clientId,
            ["client_secret"] = secret,
            ["scope"] = scope,
        }));
        Assert.False(response.IsSuccessStatusCode);
        using var body = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return body.RootElement.GetProperty("error").GetString();
    }
}
