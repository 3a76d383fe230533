using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications;

/// <summary>How `dotnet ef migrations add` builds NotificationsDb: against PostgreSQL, the store the migrations are for.</summary>
internal sealed class DesignTimeDatabase : IDesignTimeDbContextFactory<NotificationsDb>
{
    public NotificationsDb CreateDbContext(string[] args) => new(ServiceDatabase.PostgresDesignTimeOptions<NotificationsDb>(), new TenantContext());
}
