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
}

/// <summary>
/// The whole platform on this machine as separate processes, the way an operator runs it: a RabbitMQ node of its own,
/// identity, forms, cases, channels and notifications, and the gateway in front, each started from its build output on
/// a loopback port with the demo data; beside them the mail sink notifications sends to and a partner's webhook
/// endpoint. Everything listens on 127.0.0.1 only. Services start one after another, so each one's time to ready is
/// its own.
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

    /// <summary>The five services and the gateway, in the order they start.</summary>
    public IReadOnlyList<ServiceProcess> Hosts { get; private set; } = [];

    public ServiceProcess this[string name] => Hosts.Single(h => h.Name == name);

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

        var ports = ServiceNames.Append("gateway").ToDictionary(name => name, _ => Loopback.FreePort());
        string At(string name) => $"http://127.0.0.1:{ports[name]}/";
        var gateway = At("gateway");
        var issuer = gateway + "api/identity/";

        var common = new Dictionary<string, string>
        {
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
            ["gateway"] = new(ServiceNames.ToDictionary(name => $"ReverseProxy:Clusters:{name}:Destinations:primary:Address", At))
            {
                ["RateLimits:Client:PermitLimit"] = "1000000",
            },
        };

        var hosts = new List<ServiceProcess>();
        foreach (var name in ServiceNames.Append("gateway"))
        {
            var settings = new Dictionary<string, string>(common);
            Merge(settings, own[name]);
            Merge(settings, _options.Settings.GetValueOrDefault("*"));
            Merge(settings, _options.Settings.GetValueOrDefault(name));
            if (_options.Postgres is { } server && name != "gateway")
            {
                var database = new NpgsqlConnectionStringBuilder(server) { Database = $"proof_{name}_{Guid.NewGuid():N}" };
                _databases.Add(database.ConnectionString);
                settings[$"ConnectionStrings:{name}"] = database.ConnectionString;
            }

            var host = new ServiceProcess(name, BuildOutput.AssemblyOf(name), ports[name],
                settings.ToDictionary(s => s.Key.Replace(":", "__"), s => s.Value), logs);
            hosts.Add(host);
            Hosts = hosts;
            progress($"starting {name}");
            await host.StartAsync(cancellationToken);
        }
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

/// <summary>Where the platform's hosts were built: the same configuration (Debug, Release) as this program.</summary>
public static class BuildOutput
{
    public static string RepositoryRoot { get; } = FindRoot();

    private static readonly string Configuration = new DirectoryInfo(AppContext.BaseDirectory).Parent!.Name;

    public static string AssemblyOf(string host)
    {
        var project = host == "gateway" ? "gateway/Platform.Gateway" : $"services/{host}/Platform.{char.ToUpperInvariant(host[0])}{host[1..]}";
        var path = Path.Combine(RepositoryRoot, project, "bin", Configuration, "net10.0", Path.GetFileName(project) + ".dll");
        return File.Exists(path) ? path : throw new FileNotFoundException($"{host} is not built in {Configuration}: build the solution first.", path);
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
