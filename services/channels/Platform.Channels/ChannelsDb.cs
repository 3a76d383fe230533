using Microsoft.EntityFrameworkCore;
using Platform.Channels.Webhooks;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels;

public sealed class ChannelsDb(DbContextOptions<ChannelsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<WebhookSubscription> Subscriptions => Set<WebhookSubscription>();
    public DbSet<WebhookDelivery> Deliveries => Set<WebhookDelivery>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<WebhookSubscription>(subscription =>
        {
            subscription.ToTable("webhook_subscriptions");
            subscription.HasKey(s => s.Id);
            subscription.HasIndex(s => new { s.TenantId, s.PartnerId });
            subscription.PrimitiveCollection(s => s.EventTypes);
        });
        model.Entity<WebhookDelivery>(delivery =>
        {
            delivery.ToTable("webhook_deliveries");
            delivery.HasKey(d => d.Id);
            // One delivery per subscription and event, however often the event is redelivered.
            delivery.HasIndex(d => new { d.SubscriptionId, d.EventId }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(16);
        });
        base.OnModelCreating(model);
    }
}
