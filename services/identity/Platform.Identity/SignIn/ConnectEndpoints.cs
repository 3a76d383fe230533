using System.Security.Claims;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using Platform.Identity.Clients;
using Platform.ServiceDefaults.Security;
using Oidc = OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.SignIn;

/// <summary>
/// The parts of the OAuth endpoints OpenIddict leaves to the application (passthrough): it has already checked the
/// client, its secret or PKCE, the redirect URI, the grant and the code; here we decide who the token is for and
/// what it says.
/// </summary>
internal static class ConnectEndpoints
{
    private const string ServerScheme = OpenIddictServerAspNetCoreDefaults.AuthenticationScheme;

    public static IEndpointRouteBuilder MapConnectEndpoints(this IEndpointRouteBuilder routes)
    {
        var connect = routes.MapGroup("/connect").AllowAnonymous().ExcludeFromDescription();
        connect.MapMethods("/authorize", [HttpMethods.Get, HttpMethods.Post], Authorize);
        connect.MapPost("/token", Token);
        return routes;
    }

    private static async Task<IResult> Authorize(HttpContext http, IdentityDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not recognise this authorization request.");

        var session = await http.AuthenticateAsync(OpenIdProvider.SessionScheme);
        var identity = session.Succeeded ? await People.CurrentAsync(session.Principal, db, ServerScheme, ct) : null;
        if (identity is null)
        {
            // The cookie handler sends the browser to /account/sign-in with this very request as the return URL.
            return Results.Challenge(authenticationSchemes: [OpenIdProvider.SessionScheme]);
        }

        if (await PasswordChange.RequiredAsync(http, session.Principal!, db, ct) is { } changePasswordFirst)
        {
            return changePasswordFirst;
        }

        var client = await applications.FindByClientIdAsync(request.ClientId!, ct)
            ?? throw new InvalidOperationException("OpenIddict validated a client that is not registered.");
        var scopes = request.GetScopes();
        if (await FirstRefusedScopeAsync(applications, client, scopes, ct) is { } refused)
        {
            return InvalidScope(refused);
        }

        // A person's token is good at every API; what they may do there follows from party, tenant and roles.
        identity.SetScopes(scopes).SetResources(Audiences.All);
        return Results.SignIn(new ClaimsPrincipal(identity.WithTokenDestinations()), authenticationScheme: ServerScheme);
    }

    private static async Task<IResult> Token(
        HttpContext http, IdentityDb db, IOpenIddictApplicationManager applications, IOpenIddictScopeManager scopeRegistry, CancellationToken ct)
    {
        var request = http.GetOpenIddictServerRequest() ?? throw new InvalidOperationException("OpenIddict did not recognise this token request.");

        if (request.IsClientCredentialsGrantType())
        {
            var client = await applications.FindByClientIdAsync(request.ClientId!, ct)
                ?? throw new InvalidOperationException("OpenIddict validated a client that is not registered.");
            var scopes = request.GetScopes();
            if (await FirstRefusedScopeAsync(applications, client, scopes, ct) is { } refused)
            {
                return InvalidScope(refused);
            }

            var properties = await applications.GetPropertiesAsync(client, ct);
            if (properties.Read(ClientProperties.Party) is not { } party)
            {
                return Refuse(Oidc.Errors.UnauthorizedClient, "This client is not set up to act for an organisation or a service.");
            }

            var resources = new List<string>();
            await foreach (var resource in scopeRegistry.ListResourcesAsync(scopes, ct))
            {
                resources.Add(resource);
            }

            // A client's token is good only at the APIs of the scopes it was granted.
            var identity = PlatformIdentities.Client(ServerScheme, request.ClientId!, party, properties.Read(ClientProperties.Organisation));
            identity.SetScopes(scopes).SetResources(resources.Distinct());
            return Results.SignIn(new ClaimsPrincipal(identity.WithTokenDestinations()), authenticationScheme: ServerScheme);
        }

        if (request.IsAuthorizationCodeGrantType() || request.IsRefreshTokenGrantType())
        {
            var earlier = await http.AuthenticateAsync(ServerScheme);
            if (!earlier.Succeeded || await People.CurrentAsync(earlier.Principal, db, ServerScheme, ct) is not { } person)
            {
                return Refuse(Oidc.Errors.InvalidGrant, "The person this grant was issued to can no longer sign in.");
            }

            person.SetScopes(earlier.Principal.GetScopes()).SetResources(earlier.Principal.GetResources());
            return Results.SignIn(new ClaimsPrincipal(person.WithTokenDestinations()), authenticationScheme: ServerScheme);
        }

        return Refuse(Oidc.Errors.UnsupportedGrantType, "Use client_credentials, authorization_code or refresh_token.");
    }

    /// <summary>
    /// Registered scopes only reach here (OpenIddict answers invalid_scope for unknown ones), but whether this client
    /// may have them is checked here rather than by OpenIddict, which would answer invalid_request where RFC 6749
    /// §5.2 says invalid_scope.
    /// </summary>
    private static async Task<string?> FirstRefusedScopeAsync(IOpenIddictApplicationManager applications, object client, IEnumerable<string> scopes, CancellationToken ct)
    {
        foreach (var scope in scopes.Where(s => s != Oidc.Scopes.OpenId))
        {
            if (!await applications.HasPermissionAsync(client, Oidc.Permissions.Prefixes.Scope + scope, ct))
            {
                return scope;
            }
        }

        return null;
    }

    private static IResult InvalidScope(string scope) => Refuse(Oidc.Errors.InvalidScope, $"This client may not be granted the scope '{scope}'.");

    private static IResult Refuse(string error, string description) => Results.Forbid(
        new AuthenticationProperties(new Dictionary<string, string?>
        {
            [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
            [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
        }),
        [ServerScheme]);
}
