using Microsoft.EntityFrameworkCore;
using Platform.Forms.Authoring;
using Platform.Forms.Catalogue;
using Platform.Forms.Definitions;
using Platform.Forms.Feedback;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms;

public sealed class FormsDb(DbContextOptions<FormsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<FormDefinition> Definitions => Set<FormDefinition>();
    public DbSet<FormDraft> Drafts => Set<FormDraft>();
    public DbSet<Submission> Submissions => Set<Submission>();
    public DbSet<SharedForm> SharedForms => Set<SharedForm>();
    public DbSet<Adoption> Adoptions => Set<Adoption>();
    public DbSet<ServiceFeedback> Feedback => Set<ServiceFeedback>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<FormDefinition>(definition =>
        {
            definition.ToTable("form_definitions");
            definition.HasKey(d => d.Id);
            definition.HasIndex(d => new { d.TenantId, d.Key, d.Version }).IsUnique();
            definition.OwnsOne(d => d.Lineage);
        });
        model.Entity<FormDraft>(draft =>
        {
            draft.ToTable("form_drafts");
            draft.HasKey(d => d.Id);
            // One draft per form: the next version is written in one place.
            draft.HasIndex(d => new { d.TenantId, d.Key }).IsUnique();
            draft.OwnsOne(d => d.Lineage);
        });
        model.Entity<Submission>(submission =>
        {
            submission.ToTable("submissions");
            submission.HasKey(s => s.Id);
            submission.HasIndex(s => new { s.TenantId, s.CitizenId });
            // Rows without a key (null) never collide, in SQLite and PostgreSQL alike.
            submission.HasIndex(s => new { s.TenantId, s.SubmittedBy, s.IdempotencyKey }).IsUnique();
        });
        model.Entity<SharedForm>(shared =>
        {
            shared.ToTable("catalogue_shared_forms");
            shared.HasKey(s => s.Id);
            shared.HasIndex(s => new { s.SourceTenantId, s.FormKey, s.Version }).IsUnique();
        });
        model.Entity<Adoption>(adoption =>
        {
            adoption.ToTable("catalogue_adoptions");
            adoption.HasKey(a => a.Id);
            adoption.HasIndex(a => new { a.TenantId, a.FormKey }).IsUnique();
            adoption.HasIndex(a => new { a.SourceTenantId, a.SourceFormKey });
        });
        model.Entity<ServiceFeedback>(feedback =>
        {
            feedback.ToTable("service_feedback");
            feedback.HasKey(f => f.Id);
            feedback.HasIndex(f => f.SubmissionId).IsUnique();
            feedback.HasIndex(f => new { f.TenantId, f.FormKey, f.FormVersion });
        });
        base.OnModelCreating(model);
    }
}
