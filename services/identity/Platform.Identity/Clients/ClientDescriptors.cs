using OpenIddict.Abstractions;
using Oidc = OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Clients;

/// <summary>The two kinds of OAuth client the network registers, whoever registers them (start-up, the demo seed, the platform admin).</summary>
public static class ClientDescriptors
{
    /// <summary>A public client signing a person in with the authorization code flow; PKCE is required, there is no secret to keep.</summary>
    public static OpenIddictApplicationDescriptor SignIn(string clientId, string name, string redirectUri) => new()
    {
        ClientId = clientId,
        ClientType = Oidc.ClientTypes.Public,
        DisplayName = name,
        RedirectUris = { new Uri(redirectUri) },
        Permissions =
        {
            Oidc.Permissions.Endpoints.Authorization,
            Oidc.Permissions.Endpoints.Token,
            Oidc.Permissions.GrantTypes.AuthorizationCode,
            Oidc.Permissions.GrantTypes.RefreshToken,
            Oidc.Permissions.ResponseTypes.Code,
            Oidc.Permissions.Prefixes.Scope + Oidc.Scopes.OfflineAccess,
        },
        Requirements = { Oidc.Requirements.Features.ProofKeyForCodeExchange },
    };

    /// <summary>A confidential client-credentials client acting for a partner organisation or one of the platform's services.</summary>
    public static OpenIddictApplicationDescriptor Machine(
        string clientId, string secret, string name, string party, string? organisation, IEnumerable<string> scopes)
    {
        var client = new OpenIddictApplicationDescriptor
        {
            ClientId = clientId,
            ClientSecret = secret,
            ClientType = Oidc.ClientTypes.Confidential,
            DisplayName = name,
            Permissions = { Oidc.Permissions.Endpoints.Token, Oidc.Permissions.GrantTypes.ClientCredentials },
        };
        foreach (var scope in scopes)
        {
            client.Permissions.Add(Oidc.Permissions.Prefixes.Scope + scope);
        }

        client.Describe(party, organisation);
        return client;
    }

    /// <summary>The scopes a client's permissions grant.</summary>
    public static IEnumerable<string> ScopesOf(OpenIddictApplicationDescriptor client) =>
        client.Permissions.Where(p => p.StartsWith(Oidc.Permissions.Prefixes.Scope, StringComparison.Ordinal))
            .Select(p => p[Oidc.Permissions.Prefixes.Scope.Length..]);
}
