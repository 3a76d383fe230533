using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Persistence;

namespace Platform.Identity.Organisations;

/// <summary>The two demo municipalities and the demo partner bank the rest of the demo data refers to.</summary>
public sealed class DemoOrganisations(TimeProvider clock) : IDatabaseSeeder<IdentityDb>
{
    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        RegisteredOrganisation[] demo =
        [
            new() { Id = "fjordby", Name = "Fjordby kommune", Kind = OrganisationKind.Municipality, Country = "NO", RegisteredAt = clock.GetUtcNow() },
            new() { Id = "skogsberg", Name = "Skogsbergs kommun", Kind = OrganisationKind.Municipality, Country = "SE", RegisteredAt = clock.GetUtcNow() },
            new() { Id = "nordbank", Name = "Nordbank ASA", Kind = OrganisationKind.Partner, Country = "NO", RegisteredAt = clock.GetUtcNow() },
        ];

        foreach (var organisation in demo)
        {
            if (await db.Organisations.FindAsync([organisation.Id], cancellationToken) is null)
            {
                db.Organisations.Add(organisation);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
