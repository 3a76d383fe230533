using System.Diagnostics;
using System.Net.Sockets;

namespace Platform.Proof.Network;

/// <summary>
/// A RabbitMQ node of this run's own (Debian's rabbitmq-server, on a loopback port, its data in a temporary folder),
/// so that stopping the broker in a chaos run disturbs nothing else on the machine: not ./run.sh's broker, not the
/// other test suites running beside this one. The management plugin is left off; nothing here needs it.
/// </summary>
public sealed class Broker : IAsyncDisposable
{
    private readonly string _directory;
    private readonly Dictionary<string, string> _environment;

    private Broker(string directory, int port, int distributionPort)
    {
        _directory = directory;
        Port = port;
        NodeName = $"proof-{port}@localhost";
        _environment = new Dictionary<string, string>
        {
            ["RABBITMQ_NODENAME"] = NodeName,
            ["RABBITMQ_NODE_PORT"] = port.ToString(),
            ["RABBITMQ_DIST_PORT"] = distributionPort.ToString(),
            ["RABBITMQ_MNESIA_BASE"] = Path.Combine(directory, "mnesia"),
            ["RABBITMQ_LOG_BASE"] = Path.Combine(directory, "log"),
            ["RABBITMQ_CONFIG_FILE"] = Path.Combine(directory, "rabbitmq.conf"),
            ["RABBITMQ_ENABLED_PLUGINS_FILE"] = Path.Combine(directory, "enabled_plugins"),
            ["RABBITMQ_PID_FILE"] = Path.Combine(directory, "rabbitmq.pid"),
            ["ERL_EPMD_ADDRESS"] = "127.0.0.1",
        };
    }

    public int Port { get; }

    public string NodeName { get; }

    /// <summary>Starts a fresh node on <paramref name="port"/> (AMQP) and <paramref name="distributionPort"/> (Erlang distribution), and waits until it takes connections.</summary>
    public static async Task<Broker> StartAsync(int port, int distributionPort, CancellationToken cancellationToken = default)
    {
        if (!File.Exists("/usr/sbin/rabbitmq-server"))
        {
            throw new InvalidOperationException("Debian's rabbitmq-server is not installed; test.sh and run.sh install it (scripts/rabbitmq.sh).");
        }

        var directory = Directory.CreateTempSubdirectory("platform-proof-broker-").FullName;
        await File.WriteAllTextAsync(Path.Combine(directory, "rabbitmq.conf"), $"""
            listeners.tcp.default = 127.0.0.1:{port}
            distribution.listener.interface = 127.0.0.1
            """, cancellationToken);
        await File.WriteAllTextAsync(Path.Combine(directory, "enabled_plugins"), "[].", cancellationToken);
        // Run as root, the Debian scripts switch to the rabbitmq account, which must own the node's folder.
        if (Environment.UserName == "root")
        {
            await RunAsync("chown", ["-R", "rabbitmq:rabbitmq", directory], null, cancellationToken);
        }

        var broker = new Broker(directory, port, distributionPort);
        await broker.StartAgainAsync(cancellationToken);
        return broker;
    }

    /// <summary>Starts the node (again, after <see cref="StopAsync"/>) and waits until it accepts AMQP connections.</summary>
    public async Task StartAgainAsync(CancellationToken cancellationToken = default)
    {
        await RunAsync("rabbitmq-server", ["-detached"], _environment, cancellationToken);
        var deadline = Stopwatch.StartNew();
        while (!await AcceptsConnectionsAsync() || await RunAsync("rabbitmqctl", ["-n", NodeName, "-q", "await_startup"], _environment, cancellationToken, check: false) != 0)
        {
            if (deadline.Elapsed > TimeSpan.FromSeconds(60))
            {
                throw new TimeoutException($"RabbitMQ node {NodeName} did not start within 60 s; see {_directory}/log.");
            }

            await Task.Delay(200, cancellationToken);
        }
    }

    /// <summary>Stops the node the way an operator does (rabbitmqctl shutdown waits until it has exited): every connection drops.</summary>
    public Task StopAsync(CancellationToken cancellationToken = default) =>
        RunAsync("rabbitmqctl", ["-n", NodeName, "shutdown"], _environment, cancellationToken);

    public async ValueTask DisposeAsync()
    {
        await RunAsync("rabbitmqctl", ["-n", NodeName, "shutdown"], _environment, CancellationToken.None, check: false);
        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A log file the node still held; a temporary folder left behind is harmless.
        }
    }

    private async Task<bool> AcceptsConnectionsAsync()
    {
        try
        {
            using var client = new TcpClient();
            await client.ConnectAsync("127.0.0.1", Port);
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }

    private static async Task<int> RunAsync(string command, string[] arguments, IReadOnlyDictionary<string, string>? environment,
        CancellationToken cancellationToken, bool check = true)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (check && process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        }

        return process.ExitCode;
    }
}
