using System.Reflection;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// The base of every service's own database: it carries the transactional outbox and the
/// processed-message table, so publishing and idempotent consuming work the same everywhere, and it
/// filters every <see cref="ITenantOwned"/> row by the <see cref="TenantContext"/> of the unit of work.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options, TenantContext tenancy) : DbContext(options)
{
    // Read by the query filters; EF Core evaluates them per query for this context instance.
    private bool TenantRestricted => tenancy.IsRestricted;
    private string? CurrentTenantId => tenancy.TenantId;

    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type; as UTC ticks, time columns keep full precision and can be ordered and compared.
            conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
        else
        {
            // PostgreSQL's timestamptz stores an instant; Npgsql refuses an offset other than zero, and a caller may send "+02:00".
            conventions.Properties<DateTimeOffset>().HaveConversion<UtcConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder model)
    {
        model.AddOutboxAndInbox();

        var filter = typeof(ServiceDbContext).GetMethod(nameof(FilterByTenant), BindingFlags.NonPublic | BindingFlags.Instance)!;
        foreach (var entity in model.Model.GetEntityTypes().Where(e => typeof(ITenantOwned).IsAssignableFrom(e.ClrType)).ToList())
        {
            filter.MakeGenericMethod(entity.ClrType).Invoke(this, [model]);
        }
    }

    private void FilterByTenant<TEntity>(ModelBuilder model) where TEntity : class, ITenantOwned =>
        model.Entity<TEntity>().HasQueryFilter(row => !TenantRestricted || row.TenantId == CurrentTenantId);

    private sealed class UtcConverter() : ValueConverter<DateTimeOffset, DateTimeOffset>(
        value => value.ToUniversalTime(),
        value => value);

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
