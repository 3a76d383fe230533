using Microsoft.EntityFrameworkCore;
using Platform.Cases.Audit;
using Platform.Cases.Cases;
using Platform.Cases.InformationRequests;
using Platform.Cases.Messages;
using Platform.Cases.PartnerData;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases;

public sealed class CasesDb(DbContextOptions<CasesDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<Case> Cases => Set<Case>();
    public DbSet<InformationRequest> InformationRequests => Set<InformationRequest>();
    public DbSet<CaseMessage> Messages => Set<CaseMessage>();
    public DbSet<PartnerDataRecord> PartnerData => Set<PartnerDataRecord>();
    public DbSet<AuditEntry> Audit => Set<AuditEntry>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<Case>(@case =>
        {
            @case.ToTable("cases");
            @case.HasKey(c => c.Id);
            // The natural key: one submission opens one case, however often its event arrives.
            @case.HasIndex(c => c.SubmissionId).IsUnique();
            @case.HasIndex(c => c.CaseNumber).IsUnique();
            @case.Property(c => c.Status).HasConversion<string>().HasMaxLength(32);
            @case.Property(c => c.Outcome).HasConversion<string>().HasMaxLength(16);
            @case.Property(c => c.Version).IsConcurrencyToken();

            // The queue is read in due-date order with (DueAt, Id) as its cursor; one index per filter it offers keeps
            // every page, the first or the ten-thousandth, a short range scan (CaseQueue).
            @case.HasIndex(c => new { c.TenantId, c.DueAt, c.Id });
            @case.HasIndex(c => new { c.TenantId, c.Status, c.DueAt, c.Id });
            @case.HasIndex(c => new { c.TenantId, c.FormKey, c.DueAt, c.Id });
            @case.HasIndex(c => new { c.TenantId, c.AssigneeId, c.DueAt, c.Id });
            @case.HasIndex(c => new { c.CitizenId, c.OpenedAt });
            // The overdue scan looks only at cases not yet announced as overdue.
            @case.HasIndex(c => new { c.OverdueNotifiedAt, c.DueAt });
        });
        model.Entity<InformationRequest>(request =>
        {
            request.ToTable("information_requests");
            request.HasKey(r => r.Id);
            request.HasIndex(r => new { r.CaseId, r.RequestedAt });
        });
        model.Entity<CaseMessage>(message =>
        {
            message.ToTable("case_messages");
            message.HasKey(m => m.Id);
            message.HasIndex(m => new { m.CaseId, m.PostedAt });
        });
        model.Entity<PartnerDataRecord>(record =>
        {
            record.ToTable("partner_data");
            record.HasKey(r => r.Id);
            // The natural key: a record is attached to a case once, whatever the broker redelivers.
            record.HasIndex(r => new { r.RecordId, r.CaseId }).IsUnique();
            record.HasIndex(r => new { r.CaseId, r.ReceivedAt });
        });
        model.Entity<AuditEntry>(entry =>
        {
            entry.ToTable("case_audit");
            entry.HasKey(e => e.Id);
            entry.Property(e => e.Id).ValueGeneratedOnAdd();
            entry.HasIndex(e => new { e.TenantId, e.Id });
            entry.HasIndex(e => new { e.CaseId, e.Id });
        });
        base.OnModelCreating(model);
    }

    public override Task<int> SaveChangesAsync(bool acceptAllChangesOnSuccess, CancellationToken cancellationToken = default)
    {
        RefuseAuditRewrites();
        return base.SaveChangesAsync(acceptAllChangesOnSuccess, cancellationToken);
    }

    public override int SaveChanges(bool acceptAllChangesOnSuccess)
    {
        RefuseAuditRewrites();
        return base.SaveChanges(acceptAllChangesOnSuccess);
    }

    // The audit log is append-only in code as well as in the API: a bug that edits or deletes an entry fails loudly.
    private void RefuseAuditRewrites()
    {
        if (ChangeTracker.Entries<AuditEntry>().Any(e => e.State is EntityState.Modified or EntityState.Deleted))
        {
            throw new InvalidOperationException("Audit entries are only ever added; one was changed or removed.");
        }
    }
}
