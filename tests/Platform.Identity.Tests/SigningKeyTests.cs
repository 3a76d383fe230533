using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.Identity.Keys;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

public sealed class SigningKeyTests
{
    [Fact]
    public async Task Signing_keys_survive_a_restart_and_tokens_issued_before_it_stay_valid()
    {
        var directory = Directory.CreateTempSubdirectory("platform-identity-restart-").FullName;
        var sameDatabase = new Dictionary<string, string?> { ["Database:Directory"] = directory };
        try
        {
            string keyId, token;
            await using (var before = new IdentityHost(sameDatabase))
            {
                keyId = before.Keys.ActiveSigningCredentials.Key.KeyId;
                token = await before.ClientTokenAsync("cases-service", "cases-demo-secret", "organisations.read");
            }

            await using var after = new IdentityHost(sameDatabase);

            Assert.Equal(keyId, after.Keys.ActiveSigningCredentials.Key.KeyId);
            using var response = await after.Anonymous().WithToken(token).GetAsync("/organisations");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task After_a_rotation_the_new_key_signs_and_the_old_one_stays_published_until_withdrawn()
    {
        await using var identity = new IdentityHost();
        var admin = await identity.CivilServantAsync("root@platform.example");
        var firstKey = identity.Keys.ActiveSigningCredentials.Key.KeyId;
        var signedByFirst = await identity.ClientTokenAsync("cases-service", "cases-demo-secret", "organisations.read");

        var second = await RotateAsync(admin, retirePrevious: false);
        var signedBySecond = await identity.ClientTokenAsync("cases-service", "cases-demo-secret", "organisations.read");

        Assert.NotEqual(firstKey, second.KeyId);
        Assert.Equal(second.KeyId, Tokens.Read(signedBySecond).Kid);
        Assert.Equal(new[] { firstKey, second.KeyId }.Order(), (await PublishedKeyIdsAsync(identity)).Order());
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(identity, signedByFirst));

        // The second key leaked: withdrawn at once; the first, rotated out in the ordinary way, stays for now.
        var third = await RotateAsync(admin, retirePrevious: true);

        Assert.Equal(new[] { firstKey, third.KeyId }.Order(), (await PublishedKeyIdsAsync(identity)).Order());
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(identity, signedBySecond));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(identity, signedByFirst));
        var listed = await admin.GetFromJsonAsync<List<SigningKeyStatus>>("/signing-keys");
        Assert.Equal(
            [(third.KeyId, "active"), (second.KeyId, "retired"), (firstKey, "published")],
            listed!.Select(k => (k.KeyId, k.Status)));
    }

    [Fact]
    public async Task A_rotated_out_key_leaves_the_published_keys_once_its_tokens_have_expired()
    {
        await using var identity = new IdentityHost(new Dictionary<string, string?> { ["Identity:AccessTokenLifetime"] = "00:00:02" });
        var firstKey = identity.Keys.ActiveSigningCredentials.Key.KeyId;

        var second = await identity.Keys.RotateAsync(retirePrevious: false, CancellationToken.None);

        Assert.Contains(firstKey, await PublishedKeyIdsAsync(identity));
        var published = await Eventually.Until(() => PublishedKeyIdsAsync(identity), keys => keys.Length == 1, "the first key to leave the JWKS", TimeSpan.FromSeconds(15));
        Assert.Equal([second.KeyId], published);
        Assert.Equal([second.KeyId], identity.Keys.PublishedKeys.Select(k => k.KeyId));
    }

    [Fact]
    public async Task Rotation_through_the_ring_takes_effect_without_the_endpoint()
    {
        await using var identity = new IdentityHost();

        var rotated = await identity.Keys.RotateAsync(retirePrevious: false, CancellationToken.None);

        var token = Tokens.Read(await identity.ClientTokenAsync("cases-service", "cases-demo-secret", "organisations.read"));
        Assert.Equal(rotated.KeyId, token.Kid);
        Assert.Equal(rotated.KeyId, identity.Keys.ActiveSigningCredentials.Key.KeyId);
    }

    [Fact]
    public async Task Only_a_platform_admin_may_rotate()
    {
        await using var identity = new IdentityHost();
        var tenantAdmin = await identity.CivilServantAsync("admin@fjordby.no");

        using var response = await tenantAdmin.PostAsJsonAsync("/signing-keys/rotation", new { retirePrevious = true });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal([identity.Keys.ActiveSigningCredentials.Key.KeyId], await PublishedKeyIdsAsync(identity));
    }

    [Fact]
    public async Task A_token_forged_with_the_genuine_key_is_still_refused_when_expired_or_for_another_issuer()
    {
        await using var identity = new IdentityHost();

        var expired = Forge(identity, "http://localhost/", DateTime.UtcNow.AddMinutes(-5));
        var foreign = Forge(identity, "http://evil.example/", DateTime.UtcNow.AddMinutes(5));
        var genuine = Forge(identity, "http://localhost/", DateTime.UtcNow.AddMinutes(5));

        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(identity, expired));
        Assert.Equal(HttpStatusCode.Unauthorized, await StatusWithAsync(identity, foreign));
        Assert.Equal(HttpStatusCode.OK, await StatusWithAsync(identity, genuine));
    }

    private static string Forge(IdentityHost identity, string issuer, DateTime expires) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = issuer,
        Audience = Audiences.Identity,
        TokenType = "at+jwt",
        IssuedAt = expires.AddHours(-1),
        NotBefore = expires.AddHours(-1),
        Expires = expires,
        Claims = new Dictionary<string, object> { [PlatformClaims.Subject] = "forger", [PlatformClaims.Party] = Parties.Service },
        SigningCredentials = identity.Keys.ActiveSigningCredentials,
    });

    private static async Task<SigningKeyStatus> RotateAsync(HttpClient admin, bool retirePrevious)
    {
        using var response = await admin.PostAsJsonAsync("/signing-keys/rotation", new { retirePrevious });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SigningKeyStatus>())!;
    }

    private static async Task<HttpStatusCode> StatusWithAsync(IdentityHost identity, string token)
    {
        using var response = await identity.Anonymous().WithToken(token).GetAsync("/organisations");
        return response.StatusCode;
    }

    private static async Task<string[]> PublishedKeyIdsAsync(IdentityHost identity)
    {
        using var jwks = JsonDocument.Parse(await identity.Anonymous().GetStringAsync("/.well-known/jwks"));
        return [.. jwks.RootElement.GetProperty("keys").EnumerateArray().Select(k => k.GetProperty("kid").GetString()!)];
    }
}
