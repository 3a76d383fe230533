using System.Security.Claims;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Authorization;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Open311;

/// <summary>
/// Who sends a request or reads requests. The spec's api_key is an access token of this network (a partner's
/// client-credentials token with forms.submit), validated exactly as the Bearer scheme validates one: same issuer,
/// audience, lifetime, token type and the signing keys the identity service publishes. A Bearer header is accepted as
/// well. The caller must then satisfy the same policy as submitting through the forms API.
/// </summary>
public sealed class Open311Callers(IOptionsMonitor<JwtBearerOptions> bearerOptions, IAuthorizationService authorization)
{
    /// <summary>The caller, or null when the api_key (or Bearer token) is missing, not valid, or does not allow submitting.</summary>
    public async Task<ClaimsPrincipal?> AuthenticateAsync(HttpContext http, string? apiKey)
    {
        var caller = string.IsNullOrEmpty(apiKey)
            ? http.User.Identity?.IsAuthenticated == true ? http.User : null
            : await ValidateAsync(apiKey, http.RequestAborted);
        if (caller is null)
        {
            return null;
        }

        var allowed = await authorization.AuthorizeAsync(caller, Policies.SubmitForms);
        return allowed.Succeeded ? caller : null;
    }

    private async Task<ClaimsPrincipal?> ValidateAsync(string token, CancellationToken ct)
    {
        var options = bearerOptions.Get(JwtBearerDefaults.AuthenticationScheme);
        var handler = new JsonWebTokenHandler { MapInboundClaims = options.MapInboundClaims };
        var result = await handler.ValidateTokenAsync(token, await ParametersAsync(options, ct));
        if (result.Exception is SecurityTokenSignatureKeyNotFoundException && options.ConfigurationManager is { } keys)
        {
            // A key the identity service rotated in since the keys were fetched: fetch them again, once, as the Bearer scheme does.
            keys.RequestRefresh();
            result = await handler.ValidateTokenAsync(token, await ParametersAsync(options, ct));
        }

        return result.IsValid ? new ClaimsPrincipal(result.ClaimsIdentity) : null;
    }

    private static async Task<TokenValidationParameters> ParametersAsync(JwtBearerOptions options, CancellationToken ct)
    {
        var parameters = options.TokenValidationParameters.Clone();
        if (options.ConfigurationManager is { } keys)
        {
            var configuration = await keys.GetConfigurationAsync(ct);
            parameters.IssuerSigningKeys = [.. parameters.IssuerSigningKeys ?? [], .. configuration.SigningKeys];
        }

        return parameters;
    }
}
