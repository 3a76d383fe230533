using System.Data.Common;
using System.Globalization;
using System.Text;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Benchmark;

/// <summary>
/// A cases database holding one municipality's queue of a given size, built as the service builds it (SQLite: from the
/// model; PostgreSQL: by the service's migrations) and filled with raw multi-row INSERTs in one transaction.
/// </summary>
internal sealed class SeededQueue : IAsyncDisposable
{
    public const string Tenant = "fjordby";
    public static readonly string[] Forms = ["street-light", "parking-permit", "dog-licence"];
    public static readonly string[] Stages = ["Received", "Received", "Received", "Received", "UnderReview", "UnderReview", "UnderReview", "AwaitingCitizen", "Decided", "Closed"];

    private const int RowsPerInsert = 1000;
    private readonly Func<Task> _drop;

    private SeededQueue(DbContextOptions<CasesDb> options, Func<Task> drop)
    {
        Options = options;
        _drop = drop;
    }

    public DbContextOptions<CasesDb> Options { get; }

    /// <summary>A database context as a request of a caseworker of <see cref="Tenant"/> sees it.</summary>
    public CasesDb Open()
    {
        var tenancy = new TenantContext();
        tenancy.RestrictTo(Tenant);
        return new CasesDb(Options, tenancy);
    }

    public static async Task<SeededQueue> CreateAsync(string? postgres, int size)
    {
        SeededQueue queue;
        if (postgres is null)
        {
            var file = Path.Combine(Path.GetTempPath(), $"cases-bench-{size}-{Guid.NewGuid():N}.db");
            queue = new SeededQueue(new DbContextOptionsBuilder<CasesDb>().UseSqlite($"Data Source={file}").Options, () =>
            {
                SqliteConnection.ClearAllPools();
                File.Delete(file);
                return Task.CompletedTask;
            });
            await using var db = queue.Open();
            await db.Database.EnsureCreatedAsync();
        }
        else
        {
            var database = new NpgsqlConnectionStringBuilder(postgres) { Database = $"cases_bench_{size}_{Guid.NewGuid():N}" };
            queue = new SeededQueue(new DbContextOptionsBuilder<CasesDb>().UseNpgsql(database.ConnectionString).Options, async () =>
            {
                NpgsqlConnection.ClearAllPools();
                await using var admin = new NpgsqlConnection(new NpgsqlConnectionStringBuilder(postgres) { Database = "postgres" }.ConnectionString);
                await admin.OpenAsync();
                await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{database.Database}\" WITH (FORCE)", admin);
                await drop.ExecuteNonQueryAsync();
            });
            await using var db = queue.Open();
            await db.Database.MigrateAsync();
        }

        await queue.SeedAsync(size, postgres is not null);
        return queue;
    }

    private async Task SeedAsync(int size, bool postgres)
    {
        await using var db = Open();
        var connection = db.Database.GetDbConnection();
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        var random = new Random(42);
        var start = new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);
        for (var first = 0; first < size; first += RowsPerInsert)
        {
            var sql = new StringBuilder("""
                INSERT INTO cases ("Id", "CaseNumber", "TenantId", "SubmissionId", "FormKey", "FormVersion", "FormTitle", "CitizenId", "SubmittedVia",
                  "Answers", "Status", "AssigneeId", "OpenedAt", "DueAt", "UpdatedAt", "Version") VALUES
                """);
            for (var i = first; i < Math.Min(size, first + RowsPerInsert); i++)
            {
                var openedAt = start.AddSeconds(i * 60 + random.Next(60));
                var dueAt = openedAt.AddDays(random.Next(3, 30));
                var assignee = random.Next(10) < 4 ? "NULL" : $"'caseworker-{random.Next(20)}'";
                sql.Append(i == first ? "\n" : ",\n").Append(CultureInfo.InvariantCulture,
                    $"({Id(Guid.NewGuid(), postgres)}, 'FJO-{i:X8}', '{Tenant}', {Id(Guid.NewGuid(), postgres)}, '{Forms[random.Next(Forms.Length)]}', 1, 'A form', " +
                    $"'citizen-{random.Next(100_000)}', NULL, '{{}}', '{Stages[random.Next(Stages.Length)]}', {assignee}, " +
                    $"{Time(openedAt, postgres)}, {Time(dueAt, postgres)}, {Time(openedAt, postgres)}, 0)");
            }

            await using var insert = connection.CreateCommand();
            insert.Transaction = transaction;
            insert.CommandText = sql.ToString();
            await insert.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
        await Analyze(connection, postgres);
    }

    // What the stores keep: SQLite a Guid as upper-case text and a time as UTC ticks (ServiceDbContext), PostgreSQL uuid and timestamptz.
    private static string Id(Guid id, bool postgres) => postgres ? $"'{id}'" : $"'{id.ToString().ToUpperInvariant()}'";

    private static string Time(DateTimeOffset at, bool postgres) =>
        postgres ? $"'{at.UtcDateTime:yyyy-MM-ddTHH:mm:ss}Z'" : at.UtcTicks.ToString(CultureInfo.InvariantCulture);

    // Both planners choose indexes from statistics; a freshly loaded table has none until analysed, as autovacuum would do.
    private static async Task Analyze(DbConnection connection, bool postgres)
    {
        await using var analyze = connection.CreateCommand();
        analyze.CommandText = postgres ? "ANALYZE cases" : "ANALYZE";
        await analyze.ExecuteNonQueryAsync();
    }

    public async ValueTask DisposeAsync() => await _drop();
}
