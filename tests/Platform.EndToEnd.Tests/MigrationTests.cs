using Microsoft.EntityFrameworkCore;
using Platform.Cases;
using Platform.Channels;
using Platform.Forms;
using Platform.Identity;
using Platform.Notifications;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// PostgreSQL gets its schema only from migrations, so a model change without a migration would reach
/// production as a missing column. Every service's migrations must describe its current model.
/// </summary>
public sealed class MigrationTests
{
    public static TheoryData<string> Services => ["identity", "forms", "cases", "channels", "notifications"];

    [Theory]
    [MemberData(nameof(Services))]
    public void The_PostgreSQL_migrations_match_the_model(string service)
    {
        using DbContext db = service switch
        {
            "identity" => new IdentityDb(ServiceDatabase.PostgresDesignTimeOptions<IdentityDb>(), new TenantContext()),
            "forms" => new FormsDb(ServiceDatabase.PostgresDesignTimeOptions<FormsDb>(), new TenantContext()),
            "cases" => new CasesDb(ServiceDatabase.PostgresDesignTimeOptions<CasesDb>(), new TenantContext()),
            "channels" => new ChannelsDb(ServiceDatabase.PostgresDesignTimeOptions<ChannelsDb>(), new TenantContext()),
            _ => new NotificationsDb(ServiceDatabase.PostgresDesignTimeOptions<NotificationsDb>(), new TenantContext()),
        };

        Assert.NotEmpty(db.Database.GetMigrations());
        Assert.False(db.Database.HasPendingModelChanges(),
            $"The {service} model has changed since its last migration: run `dotnet ef migrations add <Name> --project services/{service}/Platform.{char.ToUpperInvariant(service[0])}{service[1..]}`.");
    }
}
