namespace Platform.Identity;

/// <summary>The <c>Identity</c> configuration section: the same <c>Identity:Issuer</c> every other service reads to trust our tokens.</summary>
public sealed class IdentitySettings
{
    public const string Section = "Identity";

    /// <summary>
    /// The issuer as clients see it, which is the gateway's public origin plus /api/identity/, not this host's own address;
    /// tokens carry it as <c>iss</c> however the service was reached.
    /// </summary>
    public Uri Issuer { get; set; } = new("http://127.0.0.1:8080/api/identity/");

    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromHours(1);

    public static IdentitySettings From(IConfiguration configuration) =>
        configuration.GetSection(Section).Get<IdentitySettings>() ?? new IdentitySettings();
}
