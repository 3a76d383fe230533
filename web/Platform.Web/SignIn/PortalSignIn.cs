using System.Security.Claims;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.Cookies;
using Microsoft.AspNetCore.Authentication.OpenIdConnect;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Platform.ServiceDefaults.Security;

namespace Platform.Web.SignIn;

/// <summary>
/// People sign in at the identity service with the authorization code flow and PKCE, as one of two public clients:
/// citizens as citizen-portal (the portal at /), civil servants as caseworker-portal (the console at /console). Each
/// side keeps its own session cookie, so one browser can hold both; the tokens are saved in it and every call to a
/// service carries the person's own access token (<see cref="UserAccessTokenHandler"/>).
/// </summary>
public static class PortalSignIn
{
    public const string Citizens = "portal";
    public const string CivilServants = "console";
    public const string CitizenPolicy = "portal-citizen";
    public const string CivilServantPolicy = "console-civil-servant";

    private const string CitizensChallenge = "portal-oidc";
    private const string CivilServantsChallenge = "console-oidc";

    /// <summary>The session scheme of the side of the site a request is on.</summary>
    public static string SchemeOf(HttpContext http) => IsConsole(http.Request.Path) ? CivilServants : Citizens;

    public static bool IsConsole(PathString path) => path.StartsWithSegments("/console");

    public static IHostApplicationBuilder AddPortalSignIn(this IHostApplicationBuilder builder)
    {
        var issuer = builder.Configuration["Identity:Issuer"]
            ?? throw new InvalidOperationException("Set Identity:Issuer to the identity service's issuer, e.g. http://127.0.0.1:8080/api/identity/.");

        builder.Services.AddAuthentication(Citizens)
            .AddSession(Citizens, "/", CitizensChallenge, "/access-denied")
            .AddSession(CivilServants, "/console", CivilServantsChallenge, "/console/access-denied")
            .AddPerson(CitizensChallenge, Citizens, builder.Configuration["Portals:CitizenClientId"] ?? "citizen-portal", "/account/signed-in", issuer,
                builder.Configuration["Identity:MetadataAddress"])
            .AddPerson(CivilServantsChallenge, CivilServants, builder.Configuration["Portals:CivilServantClientId"] ?? "caseworker-portal",
                "/console/account/signed-in", issuer, builder.Configuration["Identity:MetadataAddress"]);

        builder.Services.AddAuthorizationBuilder()
            .AddPolicy(CitizenPolicy, policy => policy.AddAuthenticationSchemes(Citizens).RequireAuthenticatedUser()
                .RequireClaim(PlatformClaims.Party, Parties.Citizen))
            .AddPolicy(CivilServantPolicy, policy => policy.AddAuthenticationSchemes(CivilServants).RequireAuthenticatedUser()
                .RequireClaim(PlatformClaims.Party, Parties.CivilServant));
        return builder;
    }

    private static AuthenticationBuilder AddSession(this AuthenticationBuilder authentication, string scheme, string path, string challenge, string accessDenied) =>
        authentication.AddCookie(scheme, cookie =>
        {
            cookie.Cookie.Name = $"platform-{scheme}";
            cookie.Cookie.Path = path;
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ForwardChallenge = challenge;
            cookie.AccessDeniedPath = accessDenied;
            cookie.Events.OnValidatePrincipal = SignInAgainWhenTheTokenExpires;
        });

    /// <param name="metadataAddress">
    /// Inside a container network (compose, Kubernetes) the identity service's own discovery document, fetched directly;
    /// its endpoints then name identity's internal address, fine for the token call this host makes, but the browser is
    /// sent to sign in at the public issuer (through the gateway) instead.
    /// </param>
    private static AuthenticationBuilder AddPerson(this AuthenticationBuilder authentication, string scheme, string session, string clientId, string callbackPath,
        string issuer, string? metadataAddress) =>
        authentication.AddOpenIdConnect(scheme, oidc =>
        {
            oidc.Authority = issuer;
            if (metadataAddress is not null)
            {
                oidc.MetadataAddress = metadataAddress;
                var publicAuthorizeEndpoint = new Uri(new Uri(issuer.TrimEnd('/') + "/"), "connect/authorize").ToString();
                oidc.Events.OnRedirectToIdentityProvider = context =>
                {
                    context.ProtocolMessage.IssuerAddress = publicAuthorizeEndpoint;
                    return Task.CompletedTask;
                };
            }

            oidc.RequireHttpsMetadata = (metadataAddress ?? issuer).StartsWith("https:", StringComparison.OrdinalIgnoreCase);
            oidc.ClientId = clientId;
            oidc.ResponseType = OpenIdConnectResponseType.Code;
            oidc.UsePkce = true;
            oidc.SignInScheme = session;
            oidc.CallbackPath = callbackPath;
            oidc.SaveTokens = true;
            oidc.MapInboundClaims = false;
            oidc.Scope.Clear();
            oidc.Scope.Add(OpenIdConnectScope.OpenId);
            // The identity service has no userinfo endpoint; who the person is comes with the tokens.
            oidc.GetClaimsFromUserInfoEndpoint = false;
            oidc.TokenValidationParameters.NameClaimType = "name";
            oidc.TokenValidationParameters.RoleClaimType = PlatformClaims.Role;
            oidc.Events.OnTokenValidated = TakeTheAccessTokensClaims;
        });

    /// <summary>
    /// The ID token names the person; their party, municipality and roles are in the access token, which came straight
    /// from the token endpoint over the back channel in exchange for our code and verifier, so it is read, not re-verified.
    /// </summary>
    private static Task TakeTheAccessTokensClaims(TokenValidatedContext context)
    {
        if (context.TokenEndpointResponse?.AccessToken is { } accessToken && context.Principal?.Identity is ClaimsIdentity identity)
        {
            var token = new JsonWebToken(accessToken);
            foreach (var claim in token.Claims.Where(c => c.Type is PlatformClaims.Party or PlatformClaims.Tenant or PlatformClaims.Role or PlatformClaims.Organisation))
            {
                identity.AddClaim(new Claim(claim.Type, claim.Value));
            }
        }

        return Task.CompletedTask;
    }

    /// <summary>
    /// A session lives as long as its access token: after that the person is sent through the identity service again,
    /// which signs them straight back in while its own session lasts.
    /// </summary>
    private static async Task SignInAgainWhenTheTokenExpires(CookieValidatePrincipalContext context)
    {
        var expiresAt = context.Properties.GetTokenValue("expires_at");
        if (expiresAt is not null && DateTimeOffset.TryParse(expiresAt, out var expires) && expires < DateTimeOffset.UtcNow.AddMinutes(1))
        {
            context.RejectPrincipal();
            await context.HttpContext.SignOutAsync(context.Scheme.Name);
        }
    }
}
