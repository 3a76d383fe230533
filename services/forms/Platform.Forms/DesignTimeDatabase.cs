using Microsoft.EntityFrameworkCore.Design;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms;

/// <summary>How `dotnet ef migrations add` builds FormsDb: against PostgreSQL, the store the migrations are for.</summary>
internal sealed class DesignTimeDatabase : IDesignTimeDbContextFactory<FormsDb>
{
    public FormsDb CreateDbContext(string[] args) => new(ServiceDatabase.PostgresDesignTimeOptions<FormsDb>(), new TenantContext());
}
