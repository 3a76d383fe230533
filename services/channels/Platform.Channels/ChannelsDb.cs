using Microsoft.EntityFrameworkCore;
using Platform.Channels.Agreements;
using Platform.Channels.Consents;
using Platform.Channels.DataCollection;
using Platform.Channels.Submissions;
using Platform.Channels.Webhooks;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels;

public sealed class ChannelsDb(DbContextOptions<ChannelsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<ChannelAgreement> Agreements => Set<ChannelAgreement>();
    public DbSet<PartnerConsent> Consents => Set<PartnerConsent>();
    public DbSet<ChannelSubmission> Submissions => Set<ChannelSubmission>();
    public DbSet<DataSchemaVersion> DataSchemas => Set<DataSchemaVersion>();
    public DbSet<DataRecordEntry> DataRecords => Set<DataRecordEntry>();
    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();
    public DbSet<WebhookAttempt> Attempts => Set<WebhookAttempt>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<ChannelAgreement>(agreement =>
        {
            agreement.ToTable("agreements");
            agreement.HasKey(a => a.Id);
            agreement.HasIndex(a => new { a.TenantId, a.PartnerId });
            agreement.Property(a => a.Status).HasConversion<string>().HasMaxLength(16);
            agreement.PrimitiveCollection(a => a.FormKeys);
            agreement.PrimitiveCollection(a => a.EventTypes);
            agreement.PrimitiveCollection(a => a.DataSchemas);
        });
        model.Entity<PartnerConsent>(consent =>
        {
            consent.ToTable("partner_consents");
            consent.HasKey(c => c.ConsentId);
            consent.HasIndex(c => new { c.TenantId, c.CitizenId, c.PartnerId });
            consent.PrimitiveCollection(c => c.FormKeys);
        });
        model.Entity<ChannelSubmission>(submission =>
        {
            submission.ToTable("channel_submissions");
            submission.HasKey(s => s.SubmissionId);
            submission.HasIndex(s => new { s.TenantId, s.PartnerId });
        });
        model.Entity<DataSchemaVersion>(schema =>
        {
            schema.ToTable("data_schemas");
            schema.HasKey(s => s.Id);
            schema.HasIndex(s => new { s.TenantId, s.Key, s.Version }).IsUnique();
        });
        model.Entity<DataRecordEntry>(record =>
        {
            record.ToTable("data_records");
            record.HasKey(r => r.Id);
            record.HasIndex(r => new { r.TenantId, r.SchemaKey, r.ReceivedAt });
        });
        model.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.HasIndex(s => new { s.TenantId, s.PartnerId });
            subscription.PrimitiveCollection(s => s.EventTypes);
            subscription.Property(s => s.Status).HasConversion<string>().HasMaxLength(24);
        });
        model.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            // One delivery per subscription and event, however often the event is redelivered or replayed.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
            delivery.HasOne<WebhookSubscription>().WithMany().HasForeignKey(d => d.SubscriptionId).OnDelete(DeleteBehavior.Cascade);
        });
        model.Entity<WebhookAttempt>(attempt =>
        {
            attempt.ToTable("webhook_attempts");
            attempt.HasKey(a => a.Id);
            attempt.HasIndex(a => new { a.DeliveryId, a.At });
            attempt.HasOne<WebhookDelivery>().WithMany().HasForeignKey(a => a.DeliveryId).OnDelete(DeleteBehavior.Cascade);
        });
        base.OnModelCreating(model);
    }
}
