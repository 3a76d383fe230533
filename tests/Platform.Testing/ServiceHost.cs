using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.Testing;

/// <summary>
/// One of the platform's real hosts, started for a test with its own settings: an SQLite database in a
/// private folder, and either the in-memory test server (per-service tests) or Kestrel on a loopback
/// port (end-to-end tests, where the gateway and RabbitMQ consumers need real HTTP).
/// </summary>
/// <typeparam name="TEntryPoint">Any type of the service's assembly, e.g. its DbContext.</typeparam>
public sealed class ServiceHost<TEntryPoint> : WebApplicationFactory<TEntryPoint> where TEntryPoint : class
{
    private readonly Dictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _configureServices;
    private readonly TestPostgres? _postgres;
    private readonly string _environment;

    // A replica works on its original's database, which the original removes when it is done.
    private readonly bool _ownsDatabase;

    /// <param name="replicaOf">
    /// Another host of the same service whose database this one shares, SQLite file or PostgreSQL database alike: a
    /// second replica, as Kubernetes runs them. Start the original first.
    /// </param>
    /// <param name="environment">
    /// Testing by default: only the settings a test passes. Development is the demo (each service's
    /// appsettings.Development.json: demo data, demo secrets, the test eID); Production is a real network's start.
    /// </param>
    public ServiceHost(IDictionary<string, string?>? settings = null, Action<IServiceCollection>? configureServices = null, int? kestrelPort = null,
        ServiceHost<TEntryPoint>? replicaOf = null, string environment = "Testing")
    {
        _environment = environment;
        _ownsDatabase = replicaOf is null;
        DataDirectory = replicaOf?.DataDirectory ?? Directory.CreateTempSubdirectory($"platform-{typeof(TEntryPoint).Name}-").FullName;
        _settings = new Dictionary<string, string?>(settings ?? new Dictionary<string, string?>());
        // A test that restarts a service passes the same Database:Directory to both hosts.
        _settings.TryAdd("Database:Directory", DataDirectory);
        _postgres = replicaOf is null ? TestPostgres.DatabaseFor<TEntryPoint>() : replicaOf._postgres;
        if (_postgres is not null)
        {
            _settings[$"ConnectionStrings:{_postgres.Name}"] = _postgres.ConnectionString;
        }

        _configureServices = configureServices;
        if (kestrelPort is { } port)
        {
            BaseAddress = new Uri($"http://127.0.0.1:{port}");
            UseKestrel(port);
        }
    }

    public string DataDirectory { get; }

    /// <summary>What names this host's database in a connection string: its PostgreSQL database, or its SQLite folder.</summary>
    internal string DatabaseMarker => _postgres is null ? DataDirectory : new Npgsql.NpgsqlConnectionStringBuilder(_postgres.ConnectionString).Database!;

    /// <summary>The loopback address Kestrel listens on, when started with a port.</summary>
    public Uri? BaseAddress { get; }

    /// <summary>
    /// Runs <paramref name="query"/> against a service resolved from a fresh DI scope of the host, as a request
    /// would see it; for observing what no public API shows, e.g. the outbox or inbox in the service's database.
    /// </summary>
    public async Task<TResult> InScopeAsync<TService, TResult>(Func<TService, Task<TResult>> query) where TService : notnull
    {
        await using var scope = Services.CreateAsyncScope();
        return await query(scope.ServiceProvider.GetRequiredService<TService>());
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseEnvironment(_environment);
        foreach (var (key, value) in _settings)
        {
            builder.UseSetting(key, value);
        }

        if (_configureServices is not null)
        {
            builder.ConfigureTestServices(_configureServices);
        }
    }

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        if (!_ownsDatabase)
        {
            return;
        }

        if (_postgres is not null)
        {
            await _postgres.DropAsync();
        }

        try
        {
            Directory.Delete(DataDirectory, recursive: true);
        }
        catch (IOException)
        {
            // SQLite may still hold a file for a moment; a temp folder left behind is harmless.
        }
    }
}

public static class Loopback
{
    // Below Linux's ephemeral range (32768-60999): a port taken from there by asking for port 0 can be handed to some
    // client's outgoing connection before the test host binds it. Ports handed out here are not handed out again.
    private const int FirstPort = 20000;
    private const int LastPort = 32767;
    private static readonly HashSet<int> HandedOut = [];

    /// <summary>A TCP port on 127.0.0.1 that nothing listens on right now, and that no other caller in this process was given.</summary>
    public static int FreePort()
    {
        lock (HandedOut)
        {
            while (true)
            {
                var port = Random.Shared.Next(FirstPort, LastPort + 1);
                if (HandedOut.Contains(port))
                {
                    continue;
                }

                try
                {
                    using var listener = new TcpListener(IPAddress.Loopback, port);
                    listener.Start();
                }
                catch (SocketException)
                {
                    continue;
                }

                HandedOut.Add(port);
                return port;
            }
        }
    }
}
