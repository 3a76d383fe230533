using Microsoft.EntityFrameworkCore;
using Platform.Forms.Definitions;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms;

public sealed class FormsDb(DbContextOptions<FormsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<FormDefinition> Definitions => Set<FormDefinition>();
    public DbSet<Submission> Submissions => Set<Submission>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<FormDefinition>(definition =>
        {
            definition.ToTable("form_definitions");
            definition.HasKey(d => d.Id);
            definition.HasIndex(d => new { d.TenantId, d.Key, d.Version }).IsUnique();
        });
        model.Entity<Submission>(submission =>
        {
            submission.ToTable("submissions");
            submission.HasKey(s => s.Id);
            submission.HasIndex(s => new { s.TenantId, s.CitizenId });
            // Rows without a key (null) never collide, in SQLite and PostgreSQL alike.
            submission.HasIndex(s => new { s.TenantId, s.SubmittedBy, s.IdempotencyKey }).IsUnique();
        });
        base.OnModelCreating(model);
    }
}
