using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Deliveries;
using Platform.Notifications.Inbox;
using Platform.Notifications.Preferences;
using Platform.Notifications.Templates;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<InboxNotice> Notices => Set<InboxNotice>();
    public DbSet<Notification> Notifications => Set<Notification>();
    public DbSet<Delivery> Deliveries => Set<Delivery>();
    public DbSet<NotificationTemplate> Templates => Set<NotificationTemplate>();
    public DbSet<CitizenPreferences> Preferences => Set<CitizenPreferences>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<InboxNotice>(notice =>
        {
            notice.ToTable("inbox_notices");
            notice.HasKey(n => n.Id);
            notice.Property(n => n.RecipientKind).HasConversion<string>().HasMaxLength(40);
            notice.HasIndex(n => new { n.RecipientId, n.CreatedAt });
        });
        model.Entity<Notification>(notification =>
        {
            notification.ToTable("notifications");
            notification.HasKey(n => n.Id);
            notification.Property(n => n.RecipientKind).HasConversion<string>().HasMaxLength(40);
            // Exactly once per event and recipient, whatever the broker or the publisher repeats.
            notification.HasIndex(n => new { n.EventKey, n.RecipientId }).IsUnique();
            notification.HasIndex(n => new { n.TenantId, n.CaseId });
            notification.HasMany(n => n.Deliveries).WithOne().HasForeignKey(d => d.NotificationId);
        });
        model.Entity<Delivery>(delivery =>
        {
            delivery.ToTable("deliveries");
            delivery.HasKey(d => d.Id);
            delivery.Property(d => d.Status).HasConversion<string>().HasMaxLength(20);
            // ...and once per channel of that notification.
            delivery.HasIndex(d => new { d.NotificationId, d.Channel }).IsUnique();
            delivery.HasIndex(d => new { d.Status, d.NextAttemptAt });
        });
        model.Entity<NotificationTemplate>(template =>
        {
            template.ToTable("templates");
            template.HasKey(t => t.Id);
            template.HasIndex(t => new { t.TenantId, t.Kind, t.Language }).IsUnique();
        });
        model.Entity<CitizenPreferences>(preferences =>
        {
            preferences.ToTable("citizen_preferences");
            preferences.HasKey(p => p.CitizenId);
        });
        base.OnModelCreating(model);
    }
}
