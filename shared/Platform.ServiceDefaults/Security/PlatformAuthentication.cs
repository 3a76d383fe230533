using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Microsoft.IdentityModel.Tokens;

namespace Platform.ServiceDefaults.Security;

public static class PlatformAuthentication
{
    /// <summary>
    /// Every request needs an access token from the network's identity service: issuer, audience, lifetime
    /// and signature are checked against the keys it publishes (JWKS, found through its discovery document
    /// at <c>Identity:Issuer</c>, or at <c>Identity:MetadataAddress</c> when the service reaches it another way).
    /// A refused token gets a 401 problem that says why; endpoints then choose a named <see cref="Policies"/> policy.
    /// </summary>
    /// <param name="audiences">The APIs this host serves; a token for any other is refused.</param>
    public static IHostApplicationBuilder AddPlatformAuthentication(this IHostApplicationBuilder builder, params string[] audiences)
    {
        var issuer = builder.Configuration["Identity:Issuer"]
            ?? throw new InvalidOperationException("Set Identity:Issuer to the identity service's issuer, e.g. http://127.0.0.1:8080/api/identity/.");

        builder.Services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme)
            .AddJwtBearer(options =>
            {
                options.Authority = issuer;
                options.MetadataAddress = builder.Configuration["Identity:MetadataAddress"] ?? "";
                options.RequireHttpsMetadata = issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase);
                // Keep "sub", "role" and "scope" as the identity service wrote them.
                options.MapInboundClaims = false;
                options.TokenValidationParameters = new TokenValidationParameters
                {
                    ValidIssuer = issuer,
                    ValidAudiences = audiences,
                    ValidateLifetime = true,
                    ClockSkew = TimeSpan.FromSeconds(30),
                    // RFC 9068 access tokens only: an ID token is not a key to the API.
                    ValidTypes = ["at+jwt"],
                    NameClaimType = PlatformClaims.Subject,
                    RoleClaimType = PlatformClaims.Role,
                };
                options.Events = new JwtBearerEvents
                {
                    OnChallenge = WriteUnauthorizedProblem,
                    OnForbidden = WriteForbiddenProblem,
                };
            });

        builder.Services.AddAuthorization(options =>
        {
            options.AddPlatformPolicies();
            options.FallbackPolicy = options.DefaultPolicy;
        });
        builder.Services.TryAddScoped<TenantContext>();
        return builder;
    }

    private static async Task WriteUnauthorizedProblem(JwtBearerChallengeContext context)
    {
        context.HandleResponse();
        var detail = context.AuthenticateFailure switch
        {
            null => "An access token is required: send 'Authorization: Bearer <token>' from the identity service.",
            SecurityTokenExpiredException expired => $"The access token expired at {expired.Expires:O}.",
            SecurityTokenNotYetValidException => "The access token is not valid yet.",
            SecurityTokenInvalidIssuerException => "The access token was not issued by this network's identity service.",
            SecurityTokenInvalidAudienceException => "The access token was not issued for this API (wrong audience).",
            SecurityTokenInvalidTypeException => "The token is not an access token.",
            SecurityTokenSignatureKeyNotFoundException => "The access token is signed with a key the identity service does not publish (unknown or retired).",
            SecurityTokenInvalidSignatureException or SecurityTokenInvalidAlgorithmException => "The access token's signature is missing or not valid.",
            _ => "The access token is not valid.",
        };

        var error = context.AuthenticateFailure is null ? "" : ", error=\"invalid_token\"";
        context.Response.Headers.WWWAuthenticate = $"Bearer realm=\"platform\"{error}";
        await WriteProblemAsync(context.HttpContext, StatusCodes.Status401Unauthorized, "Unauthorized", detail);
    }

    private static Task WriteForbiddenProblem(ForbiddenContext context) =>
        WriteProblemAsync(context.HttpContext, StatusCodes.Status403Forbidden, "Forbidden",
            "Your access token is valid but does not carry the party, role or scope this operation needs.");

    private static async Task WriteProblemAsync(HttpContext http, int status, string title, string detail)
    {
        http.Response.StatusCode = status;
        var problems = http.RequestServices.GetRequiredService<IProblemDetailsService>();
        await problems.WriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            ProblemDetails = new ProblemDetails { Status = status, Title = title, Detail = detail },
        });
    }
}
