using Npgsql;

namespace Platform.Testing;

/// <summary>
/// When <c>PLATFORM_TEST_POSTGRES</c> holds a server's connection string (test.sh starts one), a service under test
/// keeps its data in a database of its own on that PostgreSQL server, built by the service's migrations, instead of
/// SQLite. The same tests then prove both stores.
/// </summary>
internal sealed class TestPostgres(string name, string connectionString)
{
    public const string Variable = "PLATFORM_TEST_POSTGRES";

    public string Name { get; } = name;
    public string ConnectionString { get; } = connectionString;

    /// <summary>A fresh database for the service whose DbContext is <typeparamref name="TEntryPoint"/> (FormsDb → "forms"); null without a server.</summary>
    public static TestPostgres? DatabaseFor<TEntryPoint>()
    {
        var server = Environment.GetEnvironmentVariable(Variable);
        var type = typeof(TEntryPoint).Name;
        if (string.IsNullOrWhiteSpace(server) || !type.EndsWith("Db", StringComparison.Ordinal))
        {
            return null;
        }

        var name = type[..^2].ToLowerInvariant();
        var database = new NpgsqlConnectionStringBuilder(server) { Database = $"test_{name}_{Guid.NewGuid():N}" };
        return new TestPostgres(name, database.ConnectionString);
    }

    public async Task DropAsync()
    {
        var database = new NpgsqlConnectionStringBuilder(ConnectionString);
        var name = database.Database!;
        database.Database = "postgres";
        database.Pooling = false;
        NpgsqlConnection.ClearAllPools();
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}
