using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Inbox;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications;

public sealed class NotificationsDb(DbContextOptions<NotificationsDb> options, TenantContext tenancy) : ServiceDbContext(options, tenancy)
{
    public DbSet<InboxNotice> Notices => Set<InboxNotice>();

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.Entity<InboxNotice>(notice =>
        {
            notice.ToTable("inbox_notices");
            notice.HasKey(n => n.Id);
            notice.HasIndex(n => new { n.CitizenId, n.CreatedAt });
            // One notice per case and kind of event, whatever the broker redelivers.
            notice.HasIndex(n => new { n.CaseId, n.Kind }).IsUnique();
        });
        base.OnModelCreating(model);
    }
}
