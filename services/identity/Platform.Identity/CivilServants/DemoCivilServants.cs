using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.CivilServants;

/// <summary>The demo municipalities' staff and the platform's operator, all with the password "demo-password".</summary>
public sealed class DemoCivilServants(PasswordHasher<CivilServant> servantPasswords, PasswordHasher<PlatformAdministrator> adminPasswords, TimeProvider clock)
    : IDatabaseSeeder<IdentityDb>
{
    public const string Password = "demo-password";

    public async Task SeedAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        (string Tenant, string Email, string Name, string[] Roles)[] staff =
        [
            ("fjordby", "ingrid@fjordby.no", "Ingrid Fjeld", [Roles.Caseworker]),
            ("fjordby", "dag@fjordby.no", "Dag Berg", [Roles.FormDesigner]),
            ("fjordby", "admin@fjordby.no", "Fjordby administrator", [Roles.TenantAdmin]),
            ("skogsberg", "lars@skogsberg.se", "Lars Lind", [Roles.Caseworker]),
            ("skogsberg", "admin@skogsberg.se", "Skogsberg administrator", [Roles.TenantAdmin, Roles.Caseworker, Roles.FormDesigner]),
        ];

        foreach (var (tenant, email, name, roles) in staff)
        {
            // Seeding acts for the network, not for one municipality; outside a request nothing is filtered anyway.
            if (await db.CivilServants.IgnoreQueryFilters().AnyAsync(s => s.Email == email, cancellationToken))
            {
                continue;
            }

            var servant = new CivilServant { Id = Guid.NewGuid(), TenantId = tenant, Email = email, DisplayName = name, Roles = [.. roles], CreatedAt = clock.GetUtcNow() };
            servant.PasswordHash = servantPasswords.HashPassword(servant, Password);
            db.CivilServants.Add(servant);
        }

        const string rootEmail = "root@platform.example";
        if (!await db.PlatformAdministrators.AnyAsync(a => a.Email == rootEmail, cancellationToken))
        {
            var root = new PlatformAdministrator { Id = Guid.NewGuid(), Email = rootEmail, DisplayName = "Platform operator" };
            root.PasswordHash = adminPasswords.HashPassword(root, Password);
            db.PlatformAdministrators.Add(root);
        }

        await db.SaveChangesAsync(cancellationToken);
    }
}
