using Microsoft.EntityFrameworkCore;
using Platform.Identity.Organisations;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity;

public sealed class IdentityDb(DbContextOptions<IdentityDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<RegisteredOrganisation> Organisations => Set<RegisteredOrganisation>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<RegisteredOrganisation>(organisation =>
        {
            organisation.ToTable("organisations");
            organisation.HasKey(o => o.Id);
            organisation.Property(o => o.Id).HasMaxLength(64);
            organisation.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        });
        base.OnModelCreating(model);
    }
}
