using OpenIddict.Abstractions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Clients;

/// <summary>
/// Registers every scope of <see cref="Scopes"/> with the API it is for as its resource, so a client-credentials
/// token's audience follows from the scopes granted. Reference data: registered on every start, demo or not.
/// </summary>
public sealed class ApiScopes(IOpenIddictScopeManager scopes) : IDatabaseSeeder<IdentityDb>
{
    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        foreach (var (scope, audience) in Scopes.Audience)
        {
            if (await scopes.FindByNameAsync(scope, cancellationToken) is null)
            {
                await scopes.CreateAsync(new OpenIddictScopeDescriptor { Name = scope, Resources = { audience } }, cancellationToken);
            }
        }
    }
}
