using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases;

/// <summary>How `dotnet ef migrations add` builds CasesDb: against PostgreSQL, the store the migrations are for.</summary>
internal sealed class DesignTimeDatabase : IDesignTimeDbContextFactory<CasesDb>
{
    public CasesDb CreateDbContext(string[] args) => new(ServiceDatabase.PostgresDesignTimeOptions<CasesDb>(), new TenantContext());
}
