using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Platform.Testing;

/// <summary>
/// Stands in for the identity service in a single service's tests: a loopback OIDC issuer (WireMock) with a
/// discovery document, a JWKS and a client-credentials token endpoint, and an RSA key to mint the access tokens a
/// citizen, a civil servant, a partner or a service would carry. The service under test validates them exactly
/// as it validates the real ones; the end-to-end suite uses the real identity service.
/// </summary>
public sealed class TestIdentityProvider : IDisposable
{
    public const string ServiceClientId = "test-service";

    private readonly WireMockServer _server = WireMockServer.Start();
    private readonly RsaSecurityKey _key = new(RSA.Create(2048)) { KeyId = "test-signing-key" };

    public TestIdentityProvider()
    {
        Issuer = $"{_server.Url}/";
        _server.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = Issuer,
                ["jwks_uri"] = $"{Issuer}.well-known/jwks",
                ["token_endpoint"] = $"{Issuer}connect/token",
                ["id_token_signing_alg_values_supported"] = new[] { "RS256" },
            })));

        var jwk = JsonWebKeyConverter.ConvertFromRSASecurityKey(new RsaSecurityKey(_key.Rsa.ExportParameters(false)) { KeyId = _key.KeyId });
        _server.Given(Request.Create().WithPath("/.well-known/jwks").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                keys = new[] { new { kty = jwk.Kty, use = "sig", kid = jwk.Kid, alg = "RS256", n = jwk.N, e = jwk.E } },
            })));

        _server.Given(Request.Create().WithPath("/connect/token").UsingPost())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                access_token = Service(ServiceClientId, [.. Scopes.Audience.Keys]),
                token_type = "Bearer",
                expires_in = 3600,
            })));
    }

    public string Issuer { get; }

    /// <summary>The settings a service under test needs to trust this issuer and get its own tokens from it.</summary>
    public IDictionary<string, string?> Settings => new Dictionary<string, string?>
    {
        ["Identity:Issuer"] = Issuer,
        ["Identity:ClientId"] = ServiceClientId,
        ["Identity:ClientSecret"] = "test-secret",
    };

    public string Citizen(string personId) => Issue(new Dictionary<string, object>
    {
        [PlatformClaims.Subject] = personId,
        [PlatformClaims.Party] = Parties.Citizen,
    });

    public string CivilServant(string tenant, params string[] roles) => Issue(new Dictionary<string, object>
    {
        [PlatformClaims.Subject] = $"servant-of-{tenant}",
        [PlatformClaims.Party] = Parties.CivilServant,
        [PlatformClaims.Tenant] = tenant,
        [PlatformClaims.Organisation] = tenant,
        [PlatformClaims.Role] = roles.Length == 0 ? Roles.OfCivilServants.ToArray() : roles,
    });

    public string Partner(string organisationId, params string[] scopes) => Issue(new Dictionary<string, object>
    {
        [PlatformClaims.Subject] = $"{organisationId}-client",
        [PlatformClaims.ClientId] = $"{organisationId}-client",
        [PlatformClaims.Party] = Parties.Partner,
        [PlatformClaims.Organisation] = organisationId,
        [PlatformClaims.Scope] = string.Join(' ', scopes),
    }, AudiencesOf(scopes));

    public string Service(string clientId, params string[] scopes) => Issue(new Dictionary<string, object>
    {
        [PlatformClaims.Subject] = clientId,
        [PlatformClaims.ClientId] = clientId,
        [PlatformClaims.Party] = Parties.Service,
        [PlatformClaims.Scope] = string.Join(' ', scopes),
    }, AudiencesOf(scopes));

    /// <summary>An access token with exactly these claims; by default for every API of the network, valid for an hour.</summary>
    public string Issue(IDictionary<string, object> claims, IReadOnlyList<string>? audiences = null, DateTime? expires = null) =>
        AccessTokens.Create(new SigningCredentials(_key, SecurityAlgorithms.RsaSha256), Issuer, claims, audiences ?? Audiences.All, expires ?? DateTime.UtcNow.AddHours(1));

    private static string[] AudiencesOf(IEnumerable<string> scopes) =>
        [.. scopes.Select(s => Scopes.Audience.TryGetValue(s, out var audience) ? audience : null).OfType<string>().Distinct()];

    public void Dispose() => _server.Stop();
}

public static class AccessTokens
{
    /// <summary>An RFC 9068 access token (typ at+jwt) signed with <paramref name="credentials"/>, valid for the hour before <paramref name="expires"/>.</summary>
    public static string Create(SigningCredentials credentials, string issuer, IDictionary<string, object> claims, IEnumerable<string> audiences, DateTime expires)
    {
        var token = new SecurityTokenDescriptor
        {
            Issuer = issuer,
            Claims = claims,
            IssuedAt = expires.AddHours(-1),
            NotBefore = expires.AddHours(-1),
            Expires = expires,
            TokenType = "at+jwt",
            SigningCredentials = credentials,
        };
        foreach (var audience in audiences)
        {
            token.Audiences.Add(audience);
        }

        return new JsonWebTokenHandler().CreateToken(token);
    }
}

public static class BearerTokens
{
    /// <summary>A client of the host that sends <paramref name="token"/> on every request.</summary>
    public static HttpClient WithToken(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}
