using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;
using Oidc = OpenIddict.Abstractions.OpenIddictConstants;

namespace Platform.Identity.Clients;

/// <summary>The OAuth clients of a local network: the CLI and web front ends, the demo bank, and the platform's own services.</summary>
public sealed class DemoClients(IOpenIddictApplicationManager applications, IConfiguration configuration) : IDatabaseSeeder<IdentityDb>
{
    /// <summary>The public client that scripts and tests sign people in with; its redirect is never served, the code is read off the Location header.</summary>
    public const string Cli = "platform-cli";
    public const string CliRedirectUri = "http://127.0.0.1:8080/signed-in";

    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        // The web portals (web/Platform.Web) are served through the gateway: the citizen portal at /, the console at /console.
        var portals = configuration["Portals:PublicAddress"]?.TrimEnd('/') ?? "http://127.0.0.1:8080";
        OpenIddictApplicationDescriptor[] clients =
        [
            SignInClient(Cli, "Platform CLI", CliRedirectUri),
            SignInClient("citizen-portal", "Citizen portal", $"{portals}/account/signed-in"),
            SignInClient("caseworker-portal", "Caseworker portal", $"{portals}/console/account/signed-in"),
            MachineClient("nordbank-client", "nordbank-demo-secret", "Nordbank", Parties.Partner, "nordbank",
                Scopes.FormsSubmit, Scopes.CasesRead, Scopes.WebhooksManage, Scopes.DataWrite),
            Service("forms", Scopes.ConsentsRead, Scopes.CasesRead, Scopes.OrganisationsRead),
            Service("channels", Scopes.OrganisationsRead, Scopes.FormsRead, Scopes.FormsSubmit, Scopes.ConsentsRead),
            Service("cases", Scopes.OrganisationsRead, Scopes.FormsRead),
            Service("notifications", Scopes.OrganisationsRead),
        ];

        foreach (var client in clients)
        {
            if (await applications.FindByClientIdAsync(client.ClientId!, cancellationToken) is null)
            {
                await applications.CreateAsync(client, cancellationToken);
            }
        }
    }

    /// <summary>A public client signing a person in with the authorization code flow; PKCE is required, there is no secret to keep.</summary>
    private static OpenIddictApplicationDescriptor SignInClient(string clientId, string name, string redirectUri) => new()
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

    private static OpenIddictApplicationDescriptor Service(string service, params string[] scopes) =>
        MachineClient($"{service}-service", $"{service}-demo-secret", $"The {service} service", Parties.Service, null, scopes);

    private static OpenIddictApplicationDescriptor MachineClient(
        string clientId, string secret, string name, string party, string? organisation, params string[] scopes)
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
}
