using Microsoft.EntityFrameworkCore;
using Platform.Cases.Cases;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases;

public sealed class CasesDb(DbContextOptions<CasesDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<Case> Cases => Set<Case>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Case>(@case =>
        {
            @case.ToTable("cases");
            @case.HasKey(c => c.Id);
            // The natural key: one submission opens one case, however often its event arrives.
            @case.HasIndex(c => c.SubmissionId).IsUnique();
            @case.HasIndex(c => c.CaseNumber).IsUnique();
            @case.HasIndex(c => new { c.TenantId, c.OpenedAt });
            @case.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
        });
        base.OnModelCreating(model);
    }
}
