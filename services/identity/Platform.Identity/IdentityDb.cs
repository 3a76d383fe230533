using Microsoft.EntityFrameworkCore;
using Platform.Identity.CivilServants;
using Platform.Identity.Consents;
using Platform.Identity.Keys;
using Platform.Identity.Organisations;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity;

public sealed class IdentityDb(DbContextOptions<IdentityDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<RegisteredOrganisation> Organisations => Set<RegisteredOrganisation>();
    public DbSet<CivilServant> CivilServants => Set<CivilServant>();
    public DbSet<PlatformAdministrator> PlatformAdministrators => Set<PlatformAdministrator>();
    public DbSet<Consent> Consents => Set<Consent>();
    public DbSet<SigningKey> SigningKeys => Set<SigningKey>();
    public DbSet<EncryptionKey> EncryptionKeys => Set<EncryptionKey>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<RegisteredOrganisation>(organisation =>
        {
            organisation.ToTable("organisations");
            organisation.HasKey(o => o.Id);
            organisation.Property(o => o.Id).HasMaxLength(64);
            organisation.Property(o => o.Kind).HasConversion<string>().HasMaxLength(32);
        });

        model.Entity<CivilServant>(servant =>
        {
            servant.ToTable("civil_servants");
            servant.HasKey(s => s.Id);
            servant.Property(s => s.TenantId).HasMaxLength(64);
            servant.Property(s => s.Email).HasMaxLength(320);
            servant.HasIndex(s => s.Email).IsUnique();
            servant.HasIndex(s => s.TenantId);
        });

        model.Entity<PlatformAdministrator>(administrator =>
        {
            administrator.ToTable("platform_administrators");
            administrator.HasKey(a => a.Id);
            administrator.Property(a => a.Email).HasMaxLength(320);
            administrator.HasIndex(a => a.Email).IsUnique();
        });

        model.Entity<Consent>(consent =>
        {
            consent.ToTable("consents");
            consent.HasKey(c => c.Id);
            consent.HasIndex(c => new { c.TenantId, c.PartnerId, c.CitizenId });
            consent.HasIndex(c => c.CitizenId);
        });

        model.Entity<SigningKey>(key =>
        {
            key.ToTable("signing_keys");
            key.HasKey(k => k.KeyId);
            key.Ignore(k => k.IsActive);
        });

        model.Entity<EncryptionKey>(key =>
        {
            key.ToTable("encryption_keys");
            key.HasKey(k => k.KeyId);
        });

        // OpenIddict's applications (OAuth clients), scopes, authorizations and tokens.
        model.UseOpenIddict();

        base.OnModelCreating(model);
    }
}
