using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>Seeds demo or reference data once the schema exists. Must be safe to run on every start.</summary>
public interface IDatabaseSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}

public static class ServiceDatabase
{
    /// <summary>
    /// Registers the service's own database. With a connection string <c>ConnectionStrings:{name}</c> it is
    /// PostgreSQL, the production store, whose schema the service's EF Core migrations build; without one the
    /// service keeps an embedded SQLite file under <c>Database:Directory</c> (default: ./data), for a local run
    /// and fast tests.
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        var postgres = builder.Configuration.GetConnectionString(name);
        var sqlite = string.IsNullOrWhiteSpace(postgres) ? SqliteConnectionString(builder, name) : null;

        builder.Services.AddCommitSignal<OutboxMessage>();
        builder.Services.TryAddScoped<TenantContext>();
        builder.Services.AddDbContext<TContext>((services, options) =>
        {
            if (sqlite is not null)
            {
                options.UseSqlite(sqlite).AddInterceptors(SqliteCommitsToTheLog.Instance);
            }
            else
            {
                options.UseNpgsql(postgres);
            }

            // The commit signals of the service's workers (the outbox's, and e.g. notifications' deliveries').
            options.AddInterceptors(services.GetServices<ISaveChangesInterceptor>());
        });

        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{name}-database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>
    /// Brings the schema up to date before the host takes traffic (PostgreSQL: the service's migrations;
    /// SQLite: created from the model when missing), then runs the registered seeders.
    /// </summary>
    public static async Task InitializeDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        if (db.Database.IsSqlite())
        {
            await db.Database.EnsureCreatedAsync();
            // Write-ahead logging lets the outbox dispatcher read while a request writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }
        else
        {
            await db.Database.MigrateAsync();
        }

        foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>())
        {
            await seeder.SeedAsync(db, app.Lifetime.ApplicationStopping);
        }
    }

    /// <summary>The options <c>dotnet ef migrations</c> builds a service's PostgreSQL migrations with; no server is contacted.</summary>
    public static DbContextOptions<TContext> PostgresDesignTimeOptions<TContext>() where TContext : DbContext =>
        new DbContextOptionsBuilder<TContext>().UseNpgsql("Host=127.0.0.1;Database=design_time").Options;

    /// <summary>
    /// In write-ahead-log mode, <c>synchronous=NORMAL</c> syncs the log at checkpoints instead of at every commit: a
    /// process killed mid-write loses nothing that was committed, and only a power cut can lose the last commits, not
    /// corrupt the file. The setting belongs to each connection, so it is made whenever one opens.
    /// </summary>
    private sealed class SqliteCommitsToTheLog : DbConnectionInterceptor
    {
        public static readonly SqliteCommitsToTheLog Instance = new();

        public override void ConnectionOpened(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData) => Set(connection);

        public override Task ConnectionOpenedAsync(System.Data.Common.DbConnection connection, ConnectionEndEventData eventData,
            CancellationToken cancellationToken = default)
        {
            Set(connection);
            return Task.CompletedTask;
        }

        private static void Set(System.Data.Common.DbConnection connection)
        {
            using var pragma = connection.CreateCommand();
            pragma.CommandText = "PRAGMA synchronous=NORMAL;";
            pragma.ExecuteNonQuery();
        }
    }

    private static string SqliteConnectionString(IHostApplicationBuilder builder, string name)
    {
        var directory = builder.Configuration["Database:Directory"] ?? Path.Combine(builder.Environment.ContentRootPath, "data");
        Directory.CreateDirectory(directory);
        return new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, $"{name}.db") }.ToString();
    }
}
