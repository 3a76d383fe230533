using Microsoft.AspNetCore.Builder;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.ServiceDefaults.Persistence;

/// <summary>Seeds demo or reference data once the schema exists. Must be safe to run on every start.</summary>
public interface IDatabaseSeeder<in TContext> where TContext : DbContext
{
    Task SeedAsync(TContext db, CancellationToken cancellationToken);
}

public static class ServiceDatabase
{
    /// <summary>
    /// Registers the service's own database. The connection string is <c>ConnectionStrings:{name}</c>;
    /// without one the service keeps an embedded SQLite file under <c>Database:Directory</c> (default: ./data).
    /// </summary>
    public static IHostApplicationBuilder AddServiceDatabase<TContext>(this IHostApplicationBuilder builder, string name)
        where TContext : DbContext
    {
        var connectionString = builder.Configuration.GetConnectionString(name);
        if (string.IsNullOrWhiteSpace(connectionString))
        {
            var directory = builder.Configuration["Database:Directory"] ?? Path.Combine(builder.Environment.ContentRootPath, "data");
            Directory.CreateDirectory(directory);
            connectionString = new SqliteConnectionStringBuilder { DataSource = Path.Combine(directory, $"{name}.db") }.ToString();
        }

        builder.Services.AddSingleton<OutboxSignal>();
        builder.Services.TryAddScoped<TenantContext>();
        builder.Services.AddDbContext<TContext>((services, options) => options
            .UseSqlite(connectionString)
            .AddInterceptors(services.GetRequiredService<OutboxSignal>()));

        builder.Services.AddHealthChecks().AddDbContextCheck<TContext>($"{name}-database", tags: [ServiceDefaultsExtensions.ReadyTag]);
        return builder;
    }

    /// <summary>Creates the schema when missing and runs the registered seeders, before the host takes traffic.</summary>
    public static async Task InitializeDatabaseAsync<TContext>(this WebApplication app) where TContext : DbContext
    {
        await using var scope = app.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        await db.Database.EnsureCreatedAsync();
        if (db.Database.IsSqlite())
        {
            // Write-ahead logging lets the outbox dispatcher read while a request writes.
            await db.Database.ExecuteSqlRawAsync("PRAGMA journal_mode=WAL;");
        }

        foreach (var seeder in scope.ServiceProvider.GetServices<IDatabaseSeeder<TContext>>())
        {
            await seeder.SeedAsync(db, app.Lifetime.ApplicationStopping);
        }
    }
}
