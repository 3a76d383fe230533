using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels;

/// <summary>How `dotnet ef migrations add` builds ChannelsDb: against PostgreSQL, the store the migrations are for.</summary>
internal sealed class DesignTimeDatabase : IDesignTimeDbContextFactory<ChannelsDb>
{
    public ChannelsDb CreateDbContext(string[] args) => new(ServiceDatabase.PostgresDesignTimeOptions<ChannelsDb>(), new TenantContext());
}
