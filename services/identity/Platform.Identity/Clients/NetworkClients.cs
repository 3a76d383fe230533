using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Clients;

/// <summary>
/// The OAuth clients every network has, registered at each start from configuration: one per service of the platform,
/// with the secret in <c>Identity:ServiceClients:{service}:Secret</c> (in Kubernetes the same Secret the service itself
/// reads), and the two portals' public sign-in clients, redirecting to <c>Portals:PublicAddress</c>. Changing a secret
/// and restarting identity rotates it: the registration follows the configuration, and the old secret stops working.
/// </summary>
public sealed class NetworkClients(
    IOpenIddictApplicationManager applications, IConfiguration configuration, IHostEnvironment environment, ILogger<NetworkClients> logger)
    : IDatabaseSeeder<IdentityDb>
{
    public const string Section = "Identity:ServiceClients";

    /// <summary>Long enough that guessing is hopeless; `openssl rand -base64 32` gives 44 characters.</summary>
    public const int MinimumSecretLength = 32;

    /// <summary>Each service's client and what it may ask other services for.</summary>
    public static readonly IReadOnlyDictionary<string, string[]> Services = new Dictionary<string, string[]>
    {
        ["forms"] = [Scopes.ConsentsRead, Scopes.CasesRead, Scopes.OrganisationsRead],
        ["channels"] = [Scopes.OrganisationsRead, Scopes.FormsRead, Scopes.FormsSubmit, Scopes.ConsentsRead],
        ["cases"] = [Scopes.OrganisationsRead, Scopes.FormsRead],
        ["notifications"] = [Scopes.OrganisationsRead],
    };

    public static string ClientIdOf(string service) => $"{service}-service";

    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        var configured = configuration.GetSection(Section);
        if (configured.GetChildren().FirstOrDefault(c => !Services.ContainsKey(c.Key)) is { } unknown)
        {
            throw new InvalidOperationException(
                $"{Section}:{unknown.Key} names no service of the network; the services with clients are {string.Join(", ", Services.Keys)}.");
        }

        foreach (var (service, scopes) in Services)
        {
            var setting = $"{Section}:{service}:Secret";
            var secret = configuration[setting];
            if (string.IsNullOrEmpty(secret))
            {
                logger.LogWarning("{Setting} is not set: the {Service} service's client is not registered or changed, and the service cannot get tokens without it", setting, service);
                continue;
            }

            if (!environment.IsDevelopment() && secret.Length < MinimumSecretLength)
            {
                throw new InvalidOperationException($"{setting} is shorter than {MinimumSecretLength} characters; generate one, e.g. `openssl rand -base64 32`.");
            }

            await RegisterAsync(ClientDescriptors.Machine(ClientIdOf(service), secret, $"The {service} service", Parties.Service, null, scopes), cancellationToken);
        }

        // The web portals (web/Platform.Web) are served through the gateway: the citizen portal at /, the console at /console.
        var portals = configuration["Portals:PublicAddress"]?.TrimEnd('/') ?? "http://127.0.0.1:8080";
        await RegisterAsync(ClientDescriptors.SignIn("citizen-portal", "Citizen portal", $"{portals}/account/signed-in"), cancellationToken);
        await RegisterAsync(ClientDescriptors.SignIn("caseworker-portal", "Caseworker portal", $"{portals}/console/account/signed-in"), cancellationToken);
    }

    /// <summary>Creates the client, or brings its registration in line with <paramref name="wanted"/>; a secret is re-hashed only when it changed.</summary>
    private async Task RegisterAsync(OpenIddictApplicationDescriptor wanted, CancellationToken cancellationToken)
    {
        var existing = await applications.FindByClientIdAsync(wanted.ClientId!, cancellationToken);
        if (existing is null)
        {
            await applications.CreateAsync(wanted, cancellationToken);
            logger.LogInformation("Registered the OAuth client {ClientId}", wanted.ClientId);
            return;
        }

        var current = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(current, existing, cancellationToken);
        var rotated = wanted.ClientSecret is { } secret && !await applications.ValidateClientSecretAsync(existing, secret, cancellationToken);
        current.DisplayName = wanted.DisplayName;
        current.Permissions.Clear();
        current.Permissions.UnionWith(wanted.Permissions);
        current.RedirectUris.Clear();
        current.RedirectUris.UnionWith(wanted.RedirectUris);
        current.Properties.Clear();
        foreach (var (name, value) in wanted.Properties)
        {
            current.Properties[name] = value;
        }

        if (rotated)
        {
            current.ClientSecret = wanted.ClientSecret;
        }

        await applications.UpdateAsync(existing, current, cancellationToken);
        if (rotated)
        {
            logger.LogInformation("The OAuth client {ClientId} has a new secret; the previous one no longer works", wanted.ClientId);
        }
    }
}
