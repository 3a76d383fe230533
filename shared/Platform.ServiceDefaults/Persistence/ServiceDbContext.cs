using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;
using Platform.ServiceDefaults.Messaging;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// The base of every service's own database: it carries the transactional outbox and the
/// processed-message table, so publishing and idempotent consuming work the same everywhere.
/// </summary>
public abstract class ServiceDbContext(DbContextOptions options) : DbContext(options)
{
    protected override void ConfigureConventions(ModelConfigurationBuilder conventions)
    {
        if (Database.IsSqlite())
        {
            // SQLite has no timestamp type; as UTC ticks, time columns keep full precision and can be ordered and compared.
            conventions.Properties<DateTimeOffset>().HaveConversion<UtcTicksConverter>();
        }
    }

    protected override void OnModelCreating(ModelBuilder model) => model.AddOutboxAndInbox();

    private sealed class UtcTicksConverter() : ValueConverter<DateTimeOffset, long>(
        value => value.UtcTicks,
        ticks => new DateTimeOffset(ticks, TimeSpan.Zero));
}
