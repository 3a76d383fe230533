using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity;

/// <summary>How `dotnet ef migrations add` builds IdentityDb: against PostgreSQL, the store the migrations are for.</summary>
internal sealed class DesignTimeDatabase : IDesignTimeDbContextFactory<IdentityDb>
{
    public IdentityDb CreateDbContext(string[] args) => new(ServiceDatabase.PostgresDesignTimeOptions<IdentityDb>(), new TenantContext());
}
