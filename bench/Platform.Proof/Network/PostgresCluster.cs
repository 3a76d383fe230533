using System.Diagnostics;
using Platform.Testing;

namespace Platform.Proof.Network;

/// <summary>
/// A throwaway PostgreSQL cluster of a run's own, as scripts/postgres.sh starts one: initdb in a temporary folder,
/// trust authentication, listening on a free loopback port and a socket in that folder only. Run as root, the cluster
/// belongs to the postgres account (initdb refuses root). Disposing stops it and removes the folder.
/// </summary>
public sealed class PostgresCluster : IAsyncDisposable
{
    private readonly string _directory;
    private readonly string _bin;

    private PostgresCluster(string directory, string bin, int port)
    {
        _directory = directory;
        _bin = bin;
        Port = port;
    }

    public int Port { get; }

    public string ConnectionString => $"Host=127.0.0.1;Port={Port};Username=postgres";

    private static bool AsRoot => Environment.UserName == "root";

    public static async Task<PostgresCluster> StartAsync(CancellationToken cancellationToken = default)
    {
        var bin = System.IO.Directory.Exists("/usr/lib/postgresql")
            ? System.IO.Directory.GetDirectories("/usr/lib/postgresql").Select(v => Path.Combine(v, "bin"))
                .Where(b => File.Exists(Path.Combine(b, "initdb"))).OrderBy(b => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(b)), out var v) ? v : new Version())
                .LastOrDefault()
            : null;
        if (bin is null)
        {
            throw new InvalidOperationException("Debian's postgresql is not installed; test.sh installs it (scripts/postgres.sh).");
        }

        var directory = System.IO.Directory.CreateTempSubdirectory("platform-proof-postgres-").FullName;
        var cluster = new PostgresCluster(directory, bin, Loopback.FreePort());
        try
        {
            if (AsRoot)
            {
                await RunAsync("chown", ["postgres:postgres", directory], cancellationToken);
            }

            await cluster.AsOwnerAsync($"{bin}/initdb -D {directory}/data -U postgres --auth=trust -E UTF8 --no-locale", cancellationToken);
            // Every replica of every service keeps a connection pool; the default of 100 connections is too few for them.
            await cluster.AsOwnerAsync($"{bin}/pg_ctl -D {directory}/data -l {directory}/server.log " +
                                       $"-o '-c listen_addresses=127.0.0.1 -p {cluster.Port} -k {directory} -c max_connections=500' -w start", cancellationToken);
            return cluster;
        }
        catch
        {
            await cluster.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (File.Exists(Path.Combine(_directory, "data", "postmaster.pid")))
        {
            await AsOwnerAsync($"{_bin}/pg_ctl -D {_directory}/data -m fast -w stop", CancellationToken.None);
        }

        System.IO.Directory.Delete(_directory, recursive: true);
    }

    private Task AsOwnerAsync(string command, CancellationToken cancellationToken) =>
        AsRoot ? RunAsync("su", ["postgres", "-s", "/bin/bash", "-c", command], cancellationToken) : RunAsync("bash", ["-c", command], cancellationToken);

    private static async Task RunAsync(string command, string[] arguments, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(command) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{command} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await errors}{await output}");
        }
    }
}
