using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using OpenIddict.Server;
using Platform.Identity.CivilServants;
using Platform.Identity.Keys;
using Platform.ServiceDefaults.Security;
using Oidc = OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.SignIn;

/// <summary>
/// The OAuth 2.0 / OpenID Connect provider (OpenIddict): client credentials for partners and services, authorization
/// code with PKCE (and refresh tokens) for people. Discovery and JWKS are OpenIddict's own; the endpoint URIs in
/// the discovery document are built from the request's scheme, host and path base, which the forwarded headers
/// set to the gateway's when the request came through it, while <c>issuer</c> is always Identity:Issuer.
/// </summary>
public static class OpenIdProvider
{
    /// <summary>The identity service's own sign-in session (a cookie), between the sign-in pages and the authorization endpoint.</summary>
    public const string SessionScheme = "identity-session";

    public static IHostApplicationBuilder AddOpenIdProvider(this IHostApplicationBuilder builder)
    {
        var settings = IdentitySettings.From(builder.Configuration);
        builder.Services.Configure<IdentitySettings>(builder.Configuration.GetSection(IdentitySettings.Section));

        builder.Services.AddOpenIddict()
            .AddCore(core => core.UseEntityFrameworkCore().UseDbContext<IdentityDb>())
            .AddServer(server =>
            {
                server.SetIssuer(settings.Issuer)
                    .SetAuthorizationEndpointUris("connect/authorize")
                    .SetTokenEndpointUris("connect/token")
                    .AllowClientCredentialsFlow()
                    .AllowAuthorizationCodeFlow()
                    .RequireProofKeyForCodeExchange()
                    .AllowRefreshTokenFlow()
                    // Listed in the discovery document; their audiences are in the scope store (ApiScopes).
                    .RegisterScopes([Oidc.Scopes.OpenId, Oidc.Scopes.OfflineAccess, .. Scopes.Audience.Keys])
                    .SetAccessTokenLifetime(settings.AccessTokenLifetime)
                    // RFC 9068 JWTs every API validates with the published keys; only codes and refresh tokens stay encrypted.
                    .DisableAccessTokenEncryption()
                    // Enforced by ConnectEndpoints, to answer invalid_scope.
                    .IgnoreScopePermissions()
                    // A plain challenge is the verifier itself, readable by whoever sees the authorization request.
                    .Configure(options => options.CodeChallengeMethods.Remove(Oidc.CodeChallengeMethods.Plain));

                var aspNetCore = server.UseAspNetCore()
                    .EnableAuthorizationEndpointPassthrough()
                    .EnableTokenEndpointPassthrough();
                if (settings.Issuer.Scheme == Uri.UriSchemeHttp)
                {
                    // Local runs and tests only: there the issuer is a plain-http loopback address.
                    aspNetCore.DisableTransportSecurityRequirement();
                }
            });

        builder.Services.AddSingleton<SigningKeyRing>();
        builder.Services.AddSingleton<IConfigureOptions<OpenIddictServerOptions>, ServerCredentialsFromKeyRing>();
        builder.Services.AddSingleton<IPostConfigureOptions<JwtBearerOptions>, TokenValidationFromKeyRing>();

        builder.Services.AddAuthentication().AddCookie(SessionScheme, cookie =>
        {
            cookie.LoginPath = "/account/sign-in";
            cookie.ReturnUrlParameter = "returnUrl";
            cookie.Cookie.Name = "platform-identity-session";
            cookie.Cookie.HttpOnly = true;
            cookie.Cookie.SameSite = SameSiteMode.Lax;
            cookie.ExpireTimeSpan = TimeSpan.FromHours(8);
            cookie.SlidingExpiration = false;
        });
        builder.Services.AddAntiforgery();
        builder.Services.AddSingleton<PasswordHasher<CivilServant>>();
        builder.Services.AddSingleton<PasswordHasher<PlatformAdministrator>>();

        if (TestEid.IsEnabled(builder.Configuration) && builder.Environment.IsDevelopment())
        {
            builder.Services.AddScoped<IEidProvider, TestEid>();
        }

        return builder;
    }

    public static IEndpointRouteBuilder MapOpenIdProvider(this IEndpointRouteBuilder routes) =>
        routes.MapConnectEndpoints().MapAccountPages().MapPasswordChange();

    /// <summary>Loads the signing keys (creating the first on a fresh database) before the host takes requests.</summary>
    public static Task LoadSigningKeysAsync(this WebApplication app) =>
        app.Services.GetRequiredService<SigningKeyRing>().LoadAsync(app.Lifetime.ApplicationStopping);
}
