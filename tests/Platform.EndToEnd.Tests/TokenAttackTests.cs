using System.Net;
using System.Text.Json;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// What the gateway does with a token that should not open anything: every one of them is refused with
/// 401 and a problem document, before any service sees the request. The first test shows the same
/// request with a genuine token succeeds, so the refusals are about the token and nothing else.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TokenAttackTests(PlatformFixture platform)
{
    private const string ProtectedPath = "/api/cases/tenants/fjordby/cases";

    [Fact]
    public async Task A_genuine_caseworker_token_opens_the_protected_route()
    {
        using var caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));
        var response = await caseworker.GetAsync(ProtectedPath);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task No_token_is_refused()
    {
        var response = await platform.Gateway.GetAsync(ProtectedPath);
        await AssertRefused(response, "access token is required");
    }

    [Fact]
    public async Task An_expired_token_is_refused()
    {
        var token = platform.Forge(Caseworker(), platform.Issuer.ToString(), Audiences.All, DateTime.UtcNow.AddMinutes(-5));
        await AssertRefused(await Get(token), "expired");
    }

    [Fact]
    public async Task A_token_from_another_issuer_is_refused()
    {
        var token = platform.Forge(Caseworker(), "https://idp.attacker.example/", Audiences.All, DateTime.UtcNow.AddMinutes(10));
        await AssertRefused(await Get(token), "not issued by this network");
    }

    [Fact]
    public async Task A_token_for_another_audience_is_refused()
    {
        var token = platform.Forge(Caseworker(), platform.Issuer.ToString(), ["some-other-api"], DateTime.UtcNow.AddMinutes(10));
        await AssertRefused(await Get(token), "audience");
    }

    [Fact]
    public async Task An_unsigned_token_with_alg_none_is_refused()
    {
        var genuine = await platform.CivilServantTokenAsync("ingrid@fjordby.no");
        var payload = genuine.Split('.')[1];
        var header = Base64UrlEncoder.Encode("""{"alg":"none","typ":"at+jwt"}""");
        await AssertRefused(await Get($"{header}.{payload}."), "signature");
    }

    [Fact]
    public async Task A_genuine_token_whose_claims_were_edited_is_refused()
    {
        var genuine = await platform.CivilServantTokenAsync("lars@skogsberg.se");
        var parts = genuine.Split('.');
        var claims = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Base64UrlEncoder.Decode(parts[1]))!;
        claims[PlatformClaims.Tenant] = JsonSerializer.SerializeToElement("fjordby");
        var tampered = $"{parts[0]}.{Base64UrlEncoder.Encode(JsonSerializer.Serialize(claims))}.{parts[2]}";

        await AssertRefused(await Get(tampered), "signature");
    }

    [Fact]
    public async Task A_token_signed_by_a_rotated_out_key_is_refused()
    {
        await AssertRefused(await Get(platform.TokenOfRetiredKey), "does not publish");
    }

    private async Task<HttpResponseMessage> Get(string token)
    {
        using var client = platform.As(token);
        return await client.GetAsync(ProtectedPath);
    }

    private static Dictionary<string, object> Caseworker() => new()
    {
        [PlatformClaims.Subject] = "ingrid@fjordby.no",
        [PlatformClaims.Party] = Parties.CivilServant,
        [PlatformClaims.Tenant] = "fjordby",
        [PlatformClaims.Role] = Roles.Caseworker,
    };

    private static async Task AssertRefused(HttpResponseMessage response, string because)
    {
        Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
        await Problems.ExpectAsync(response, HttpStatusCode.Unauthorized, because);
    }
}
