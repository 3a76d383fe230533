using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Clients;

/// <summary>
/// The demo's own OAuth clients: the CLI that scripts and tests sign people in with, and the demo bank with its
/// well-known secret. The services' and portals' clients are not demo: <see cref="NetworkClients"/> registers them.
/// </summary>
public sealed class DemoClients(IOpenIddictApplicationManager applications) : IDatabaseSeeder<IdentityDb>
{
    /// <summary>The public client that scripts and tests sign people in with; its redirect is never served, the code is read off the Location header.</summary>
    public const string Cli = "platform-cli";
    public const string CliRedirectUri = "http://127.0.0.1:8080/signed-in";

    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        OpenIddictApplicationDescriptor[] clients =
        [
            ClientDescriptors.SignIn(Cli, "Platform CLI", CliRedirectUri),
            ClientDescriptors.Machine("nordbank-client", "nordbank-demo-secret", "Nordbank", Parties.Partner, "nordbank",
                [Scopes.FormsSubmit, Scopes.CasesRead, Scopes.WebhooksManage, Scopes.DataWrite]),
        ];

        foreach (var client in clients)
        {
            if (await applications.FindByClientIdAsync(client.ClientId!, cancellationToken) is null)
            {
                await applications.CreateAsync(client, cancellationToken);
            }
        }
    }
}
