using System.Text.Json;

namespace Platform.Identity.Tests;

public sealed class DiscoveryTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task The_discovery_document_names_the_issuer_its_endpoints_and_flows()
    {
        using var discovery = await DocumentAsync(_identity.Anonymous(), "/.well-known/openid-configuration");
        var root = discovery.RootElement;

        Assert.Equal("http://localhost/", root.GetProperty("issuer").GetString());
        Assert.Equal("http://localhost/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://localhost/connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.Equal(["authorization_code", "client_credentials", "refresh_token"], Strings(root, "grant_types_supported").Order());
        Assert.Equal(["S256"], Strings(root, "code_challenge_methods_supported"));
        Assert.Contains("forms.submit", Strings(root, "scopes_supported"));
    }

    [Fact]
    public async Task The_published_keys_are_the_active_signing_key()
    {
        using var discovery = await DocumentAsync(_identity.Anonymous(), "/.well-known/openid-configuration");
        using var jwks = await DocumentAsync(_identity.Anonymous(), discovery.RootElement.GetProperty("jwks_uri").GetString()!);

        var key = Assert.Single(jwks.RootElement.GetProperty("keys").EnumerateArray());
        Assert.Equal("RSA", key.GetProperty("kty").GetString());
        Assert.Equal(_identity.Keys.ActiveSigningCredentials.Key.KeyId, key.GetProperty("kid").GetString());
        Assert.False(key.TryGetProperty("d", out _), "The private exponent must never be published.");
    }

    [Fact]
    public async Task Fetched_through_the_gateway_the_endpoints_are_the_gateways_while_the_issuer_stays_the_configured_one()
    {
        var http = _identity.Anonymous();
        http.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        http.DefaultRequestHeaders.Add("X-Forwarded-Host", "127.0.0.1:8080");
        http.DefaultRequestHeaders.Add("X-Forwarded-Prefix", "/api/identity");

        using var discovery = await DocumentAsync(http, "/.well-known/openid-configuration");
        var root = discovery.RootElement;

        Assert.Equal("http://127.0.0.1:8080/api/identity/connect/token", root.GetProperty("token_endpoint").GetString());
        Assert.Equal("http://127.0.0.1:8080/api/identity/connect/authorize", root.GetProperty("authorization_endpoint").GetString());
        Assert.StartsWith("http://127.0.0.1:8080/api/identity/", root.GetProperty("jwks_uri").GetString());
        Assert.Equal("http://localhost/", root.GetProperty("issuer").GetString());
    }

    [Fact]
    public async Task Behind_the_gateway_the_sign_in_redirect_keeps_the_gateways_origin_and_prefix()
    {
        var browser = _identity.Browser();
        browser.DefaultRequestHeaders.Add("X-Forwarded-Proto", "http");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Host", "127.0.0.1:8080");
        browser.DefaultRequestHeaders.Add("X-Forwarded-Prefix", "/api/identity");

        using var response = await browser.GetAsync(
            "/connect/authorize?client_id=platform-cli&response_type=code&redirect_uri=http%3A%2F%2F127.0.0.1%3A8080%2Fsigned-in" +
            "&scope=openid&code_challenge=E9Melhoa2OwvFrEMTJguCHaoeK1t8URWbuGJSstw-cM&code_challenge_method=S256");

        Assert.Equal(System.Net.HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("http://127.0.0.1:8080/api/identity/account/sign-in?returnUrl=%2Fapi%2Fidentity%2Fconnect%2Fauthorize", response.Headers.Location!.AbsoluteUri);
    }

    private static async Task<JsonDocument> DocumentAsync(HttpClient http, string address)
    {
        using var response = await http.GetAsync(address);
        Assert.True(response.IsSuccessStatusCode, $"{address}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync());
    }

    private static IEnumerable<string> Strings(JsonElement root, string name) => root.GetProperty(name).EnumerateArray().Select(e => e.GetString()!);
}
