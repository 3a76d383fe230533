using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A partner developer's first steps, with nothing but an HTTP client and the gateway's address: read the
/// discovery document, take the token endpoint from it, ask for a token with the client credentials, call the API.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class DiscoveryTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_partner_finds_the_token_endpoint_through_discovery_and_calls_the_api_with_the_token()
    {
        using var http = new HttpClient { BaseAddress = platform.Gateway.BaseAddress };

        var discovery = await http.GetFromJsonAsync<JsonElement>("/api/identity/.well-known/openid-configuration");
        Assert.Equal(platform.Issuer.ToString(), discovery.GetProperty("issuer").GetString());
        var tokenEndpoint = new Uri(discovery.GetProperty("token_endpoint").GetString()!);
        var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
        Assert.Contains("client_credentials", discovery.GetProperty("grant_types_supported").EnumerateArray().Select(g => g.GetString()));

        // Both lie behind the gateway's one public origin.
        Assert.Equal(platform.Gateway.BaseAddress!.Authority, tokenEndpoint.Authority);
        Assert.Equal(platform.Gateway.BaseAddress!.Authority, jwksUri.Authority);

        var jwks = await http.GetFromJsonAsync<JsonElement>(jwksUri);
        Assert.NotEmpty(jwks.GetProperty("keys").EnumerateArray());

        var tokenResponse = await http.PostAsync(tokenEndpoint, new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "nordbank-client",
            ["client_secret"] = "nordbank-demo-secret",
            ["scope"] = "forms.submit",
        }));
        Assert.Equal(HttpStatusCode.OK, tokenResponse.StatusCode);
        var token = await tokenResponse.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("Bearer", token.GetProperty("token_type").GetString(), ignoreCase: true);

        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/forms/tenants/fjordby/forms");
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("access_token").GetString());
        var forms = await http.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, forms.StatusCode);
        Assert.Contains("street-light", await forms.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task A_wrong_client_secret_gets_no_token()
    {
        using var http = new HttpClient { BaseAddress = platform.Gateway.BaseAddress };
        var discovery = await http.GetFromJsonAsync<JsonElement>("/api/identity/.well-known/openid-configuration");

        var response = await http.PostAsync(discovery.GetProperty("token_endpoint").GetString(), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "client_credentials",
            ["client_id"] = "nordbank-client",
            ["client_secret"] = "guessed",
            ["scope"] = "forms.submit",
        }));

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("invalid_client", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("error").GetString());
    }
}
