using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using OpenIddict.Server;

namespace Platform.Identity.Keys;

/// <summary>
/// Hands the ring's keys to OpenIddict each time its options are built (at the first request and again after every
/// rotation, when the ring drops the cached options). OpenIddict signs with the first signing credential: its
/// post-configuration sorts the list, but two RSA keys compare equal and a list this short is sorted stably, so the
/// active key stays first.
/// </summary>
internal sealed class ServerCredentialsFromKeyRing(SigningKeyRing ring) : IConfigureOptions<OpenIddictServerOptions>
{
    public void Configure(OpenIddictServerOptions options)
    {
        options.SigningCredentials.AddRange(ring.PublishedSigningCredentials);
        options.EncryptionCredentials.Add(ring.EncryptionCredentials);
    }
}

/// <summary>
/// This service's own API trusts the tokens it issues without asking itself for its discovery document over HTTP,
/// which would go out through the gateway (Identity:Issuer) and could not work while the host is still starting.
/// </summary>
internal sealed class TokenValidationFromKeyRing(SigningKeyRing ring, IOptions<IdentitySettings> settings) : IPostConfigureOptions<JwtBearerOptions>
{
    public void PostConfigure(string? name, JwtBearerOptions options)
    {
        if (name != JwtBearerDefaults.AuthenticationScheme)
        {
            return;
        }

        options.Configuration = new OpenIdConnectConfiguration { Issuer = settings.Value.Issuer.AbsoluteUri };
        options.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(options.Configuration);
        // Asked per token, so a rotation or a key leaving the JWKS takes effect at once.
        options.TokenValidationParameters.IssuerSigningKeyResolver = (_, _, keyId, _) => ring.PublishedKeys.Where(k => k.KeyId == keyId);
    }
}
