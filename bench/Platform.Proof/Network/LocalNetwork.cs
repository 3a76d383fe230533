using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Npgsql;
using Platform.Testing;
using LocalMailSink = Platform.MailSink.MailSink;

namespace Platform.Proof.Network;

/// <summary>How to run the network: which store, and settings a run adds for one service or all of them.</summary>
public sealed record NetworkOptions
{
    /// <summary>A PostgreSQL server's connection string; each service gets a fresh database on it. Unset: SQLite files, as ./run.sh.</summary>
    public string? Postgres { get; init; }

    /// <summary>Settings as configuration keys (<c>Webhooks:RetryBaseDelay</c>), by service name, or "*" for every service.</summary>
    public IReadOnlyDictionary<string, IReadOnlyDictionary<string, string>> Settings { get; init; } =
        new Dictionary<string, IReadOnlyDictionary<string, string>>();

    /// <summary>How many e-mails the mail sink keeps; a chaos run counts every one.</summary>
    public int MailCapacity { get; init; } = 50_000;

    /// <summary>How many processes run each service, by service name, or "*" for every service; one unless said. The gateway is always one.</summary>
    public IReadOnlyDictionary<string, int> Replicas { get; init; } = new Dictionary<string, int>();

    public int ReplicasOf(string service) =>
        service == "gateway" ? 1 : Replicas.GetValueOrDefault(service, Replicas.GetValueOrDefault("*", 1));
}

/// <summary>
/// The whole platform on this machine as separate processes, the way an operator runs it: a RabbitMQ node of its own,
/// identity, forms, cases, channels and notifications, and the gateway in front, each started from its build output on
/// a loopback port with the demo data; beside them the mail sink notifications sends to and a partner's webhook
/// endpoint. Everything listens on 127.0.0.1 only. Services start one after another, so each one's time to ready is
/// its own. A service may run as several replicas on one database (PostgreSQL, or one SQLite file in WAL mode): the
/// gateway balances between them, as a Kubernetes Service does between pods.
/// </summary>
public sealed class LocalNetwork : IAsyncDisposable
{
    public static readonly string[] ServiceNames = ["identity", "forms", "cases", "channels", "notifications"];

    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private readonly List<string> _databases = [];
    private readonly NetworkOptions _options;

    private LocalNetwork(NetworkOptions options, string directory)
    {
        _options = options;
        Directory = directory;
    }

    /// <summary>The run's folder: SQLite databases (data/, removed at the end) and one log per process (logs/, kept).</summary>
    public string Directory { get; }

    public Broker Broker { get; private set; } = null!;

    public LocalMailSink Mail { get; private set; } = null!;

    public PartnerEndpoint Partner { get; private set; } = null!;

    /// <summary>The five services' replicas and the gateway, in the order they start.</summary>
    public IReadOnlyList<ServiceProcess> Hosts { get; private set; } = [];

    /// <summary>The first replica of <paramref name="service"/>.</summary>
    public ServiceProcess this[string service] => ReplicasOf(service)[0];

    public IReadOnlyList<ServiceProcess> ReplicasOf(string service) => [.. Hosts.Where(h => h.Service == service)];

    public Uri Gateway => this["gateway"].Address;

    public Uri Issuer => new(Gateway, "api/identity/");

    public static async Task<LocalNetwork> StartAsync(NetworkOptions? options = null, Action<string>? progress = null,
        CancellationToken cancellationToken = default)
    {
        options ??= new NetworkOptions();
        var network = new LocalNetwork(options, System.IO.Directory.CreateTempSubdirectory("platform-proof-").FullName);
        try
        {
            await network.StartAllAsync(progress ?? (_ => { }), cancellationToken);
            return network;
        }
        catch
        {
            await network.DisposeAsync();
            throw;
        }
    }

    private async Task StartAllAsync(Action<string> progress, CancellationToken cancellationToken)
    {
        var logs = System.IO.Directory.CreateDirectory(Path.Combine(Directory, "logs")).FullName;
        progress("starting a RabbitMQ node of this run's own");
        Broker = await Broker.StartAsync(Loopback.FreePort(), Loopback.FreePort(), cancellationToken);
        Mail = LocalMailSink.Start(capacity: _options.MailCapacity);
        Partner = new PartnerEndpoint(Loopback.FreePort());
        await Partner.StartAsync();

        var hosts = ServiceNames.Append("gateway")
            .SelectMany(service => Enumerable.Range(1, _options.ReplicasOf(service)).Select(replica => (Service: service, Replica: replica, Port: Loopback.FreePort())))
            .ToList();
        // Services call one another, and validate tokens, at another's first replica: that one is never killed by a run.
        string At(string service) => $"http://127.0.0.1:{hosts.First(h => h.Service == service).Port}/";
        var gateway = At("gateway");
        var issuer = gateway + "api/identity/";

        var common = new Dictionary<string, string>
        {
            // The demo, as ./run.sh runs it: demo data and the demo's client secrets (appsettings.Development.json), the test eID.
            ["ASPNETCORE_ENVIRONMENT"] = "Development",
            ["Database:Directory"] = Path.Combine(Directory, "data"),
            ["RabbitMq:Port"] = Broker.Port.ToString(),
            ["Identity:Issuer"] = issuer,
            ["Identity:MetadataAddress"] = At("identity") + ".well-known/openid-configuration",
            // Every line written to the console costs the service time under load; warnings and errors still show.
            ["Logging:LogLevel:Default"] = "Warning",
        };
        var own = new Dictionary<string, Dictionary<string, string>>
        {
            ["identity"] = new() { ["Portals:PublicAddress"] = gateway.TrimEnd('/') },
            ["forms"] = new() { ["Services:identity"] = At("identity"), ["Services:cases"] = At("cases") },
            ["cases"] = new() { ["Services:forms"] = At("forms") },
            ["channels"] = new() { ["Services:identity"] = At("identity"), ["Services:forms"] = At("forms"), ["Webhooks:AllowLoopback"] = "true" },
            ["notifications"] = new()
            {
                ["Notifications:Smtp:Host"] = "127.0.0.1",
                ["Notifications:Smtp:Port"] = Mail.Port.ToString(),
                ["Notifications:Smtp:Security"] = "None",
            },
            // The proof runs speak from a few clients at hundreds of requests a second; the gateway's limit per client
            // (Platform.Gateway.Tests proves it) must not be what they measure.
            ["gateway"] = new(GatewayClusters(hosts.Where(h => h.Service != "gateway").Select(h => (h.Service, h.Replica, $"http://127.0.0.1:{h.Port}/"))))
            {
                ["RateLimits:Client:PermitLimit"] = "1000000",
            },
        };

        // Every replica of a service gets the same settings, its database among them.
        var databases = new Dictionary<string, string>();
        if (_options.Postgres is { } server)
        {
            foreach (var service in ServiceNames)
            {
                var database = new NpgsqlConnectionStringBuilder(server) { Database = $"proof_{service}_{Guid.NewGuid():N}" };
                _databases.Add(database.ConnectionString);
                databases[service] = database.ConnectionString;
            }
        }

        var started = new List<ServiceProcess>();
        foreach (var (service, replica, port) in hosts)
        {
            var settings = new Dictionary<string, string>(common);
            Merge(settings, own[service]);
            Merge(settings, _options.Settings.GetValueOrDefault("*"));
            Merge(settings, _options.Settings.GetValueOrDefault(service));
            if (databases.TryGetValue(service, out var database))
            {
                settings[$"ConnectionStrings:{service}"] = database;
            }

            var host = new ServiceProcess(service, replica, BuildOutput.AssemblyOf(service), port,
                settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value), logs);
            started.Add(host);
            Hosts = started;
            progress($"starting {host.Name}");
            await host.StartAsync(cancellationToken);
        }

        await SameSigningKeysAsync(cancellationToken);
    }

    /// <summary>
    /// A token is signed by whichever identity replica the gateway sent its sign-in to, and validated against the keys
    /// another replica publishes: every replica must publish the one key set kept in identity's database.
    /// </summary>
    private async Task SameSigningKeysAsync(CancellationToken cancellationToken)
    {
        using var client = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var published = new Dictionary<string, string>();
        foreach (var identity in ReplicasOf("identity"))
        {
            published[identity.Name] = await client.GetStringAsync(new Uri(identity.Address, ".well-known/jwks"), cancellationToken);
        }

        if (published.Values.Distinct().Count() > 1)
        {
            throw new InvalidOperationException("identity's replicas publish different signing keys:\n" + string.Join("\n", published.Select(p => $"{p.Key}: {p.Value}")));
        }
    }

    /// <summary>
    /// Each service's cluster in the gateway: one destination per replica, chosen by PowerOfTwoChoices (the less busy
    /// of two picked at random). A replica that refuses connections (killed) is taken out by the passive health check
    /// for a few seconds instead of failing a request in every few until it is back.
    /// </summary>
    private static Dictionary<string, string> GatewayClusters(IEnumerable<(string Service, int Replica, string Address)> replicas)
    {
        var settings = new Dictionary<string, string>();
        foreach (var (service, replica, address) in replicas)
        {
            var cluster = $"ReverseProxy:Clusters:{service}";
            settings[$"{cluster}:Destinations:{(replica == 1 ? "primary" : $"replica-{replica}")}:Address"] = address;
            if (replica == 2)
            {
                settings[$"{cluster}:LoadBalancingPolicy"] = "PowerOfTwoChoices";
                settings[$"{cluster}:HealthCheck:Passive:Enabled"] = "true";
                settings[$"{cluster}:HealthCheck:Passive:Policy"] = "TransportFailureRate";
                settings[$"{cluster}:HealthCheck:Passive:ReactivationPeriod"] = "00:00:02";
            }
        }

        return settings;
    }

    private static void Merge(Dictionary<string, string> into, IReadOnlyDictionary<string, string>? from)
    {
        foreach (var (key, value) in from ?? new Dictionary<string, string>())
        {
            into[key] = value;
        }
    }

    /// <summary>A client of the gateway carrying <paramref name="token"/>.</summary>
    public HttpClient As(string token)
    {
        var client = new HttpClient { BaseAddress = Gateway, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A citizen's token, signing in through the gateway with the test eID (once per network).</summary>
    public Task<string> CitizenTokenAsync(string citizenId) => Cached($"citizen:{citizenId}", browser => SignIn.CitizenAsync(browser, Issuer, citizenId));

    /// <summary>A civil servant's token (password: the demo password), from the sign-in page through the gateway.</summary>
    public Task<string> CivilServantTokenAsync(string email) => Cached($"servant:{email}", browser => SignIn.CivilServantAsync(browser, Issuer, email, "demo-password"));

    /// <summary>The demo partner Nordbank's client-credentials token.</summary>
    public Task<string> PartnerTokenAsync(string scope) =>
        Cached($"partner:{scope}", browser => SignIn.ClientCredentialsAsync(browser, Issuer, "nordbank-client", "nordbank-demo-secret", scope));

    private Task<string> Cached(string key, Func<HttpClient, Task<string>> signIn) =>
        _tokens.GetOrAdd(key, _ => new Lazy<Task<string>>(async () =>
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() })
            {
                BaseAddress = Gateway,
                Timeout = TimeSpan.FromSeconds(30),
            };
            return await signIn(browser);
        })).Value;

    public async ValueTask DisposeAsync()
    {
        foreach (var host in Enumerable.Reverse(Hosts))
        {
            await host.StopAsync();
        }

        if (Partner is not null)
        {
            await Partner.DisposeAsync();
        }

        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }

        if (Broker is not null)
        {
            await Broker.DisposeAsync();
        }

        foreach (var database in _databases)
        {
            await DropAsync(database);
        }

        // The logs stay for whoever wants to know what happened; the databases go.
        try
        {
            System.IO.Directory.Delete(Path.Combine(Directory, "data"), recursive: true);
        }
        catch (IOException)
        {
        }
    }

    private static async Task DropAsync(string connectionString)
    {
        var database = new NpgsqlConnectionStringBuilder(connectionString);
        var name = database.Database!;
        database.Database = "postgres";
        database.Pooling = false;
        await using var connection = new NpgsqlConnection(database.ConnectionString);
        await connection.OpenAsync();
        await using var drop = new NpgsqlCommand($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)", connection);
        await drop.ExecuteNonQueryAsync();
    }
}

/// <summary>
/// Where the platform's hosts were built, in the same configuration (Debug, Release) as this program: in Release,
/// published ReadyToRun beside it (hosts/, as the images are); in Debug, each project's own build output.
/// </summary>
public static class BuildOutput
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string AssemblyOf(string host)
    {
        var project = host == "gateway" ? "gateway/Platform.Gateway" : $"services/{host}/Platform.{char.ToUpperInvariant(host[0])}{host[1..]}";
        var name = Path.GetFileName(project);
        var path = Configuration == "Release"
            ? Path.Combine(RepositoryRoot, "bench", "Platform.Proof", "bin", Configuration, "net10.0", "hosts", name, name + ".dll")
            : Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", name + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{host} is not built in {Configuration}: dotnet build bench/Platform.Proof -c {Configuration}.", path);
    }

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "Platform.sln")))
            {
                return directory.FullName;
            }
        }

        throw new InvalidOperationException("Platform.sln was not found above " + AppContext.BaseDirectory);
    }
}
