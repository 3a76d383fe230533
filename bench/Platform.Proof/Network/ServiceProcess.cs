using System.Diagnostics;

namespace Platform.Proof.Network;

/// <summary>
/// One host of the platform running as its own operating-system process, exactly as ./run.sh starts it: the built
/// assembly from its output folder, configured by environment variables, its console written to a log file. It can be
/// killed with SIGKILL (no shutdown hooks run, as when a node dies) and started again on the same port and data.
/// A service run as several replicas has one of these per replica, all on the service's one database.
/// </summary>
public sealed class ServiceProcess(string service, int replica, string assemblyPath, int port, IReadOnlyDictionary<string, string> environment,
    string logDirectory)
{
    private static readonly HttpClient Probe = new() { Timeout = TimeSpan.FromSeconds(2) };
    private Process? _process;

    /// <summary>The service this process is a replica of: identity, forms, cases, channels, notifications or gateway.</summary>
    public string Service { get; } = service;

    /// <summary>1 for the first replica, 2 for the second, and so on.</summary>
    public int Replica { get; } = replica;

    /// <summary>The service's name for its first replica (<c>cases</c>), with the replica's number for the others (<c>cases-2</c>).</summary>
    public string Name => Replica == 1 ? Service : $"{Service}-{Replica}";

    public Uri Address { get; } = new($"http://127.0.0.1:{port}/");

    /// <summary>From starting the process to its first 200 on /health/ready (database and broker reachable), last start.</summary>
    public TimeSpan TimeToReady { get; private set; }

    public int? ProcessId => _process is { HasExited: false } running ? running.Id : null;

    /// <summary>The process's resident memory now, as the kernel counts it (VmRSS).</summary>
    public long ResidentBytes
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
            process.Refresh();
            return process.WorkingSet64;
        }
    }

    /// <summary>
    /// The process's proportional memory now (Pss of /proc/&lt;pid&gt;/smaps_rollup): its private pages, plus each page
    /// it shares (the .NET runtime's and framework's mapped files, which every service maps) divided by the number of
    /// processes mapping it. Summed over the services it is what they take from the machine together; resident memory
    /// counts every shared page in full in each of them.
    /// </summary>
    public long ProportionalBytes
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
            var pss = File.ReadLines($"/proc/{process.Id}/smaps_rollup").First(l => l.StartsWith("Pss:", StringComparison.Ordinal));
            return long.Parse(pss.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], System.Globalization.CultureInfo.InvariantCulture) * 1024;
        }
    }

    /// <summary>The processor time the process has used so far (utime + stime of /proc/&lt;pid&gt;/stat, user and kernel).</summary>
    public TimeSpan ProcessorTime
    {
        get
        {
            var process = _process ?? throw new InvalidOperationException($"{Name} is not running.");
            process.Refresh();
            return process.TotalProcessorTime;
        }
    }

    public async Task StartAsync(CancellationToken cancellationToken = default)
    {
        if (_process is { HasExited: false })
        {
            throw new InvalidOperationException($"{Name} is already running.");
        }

        var start = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
        };
        start.ArgumentList.Add(assemblyPath);
        foreach (var (key, value) in environment)
        {
            start.Environment[key] = value;
        }

        start.Environment["ASPNETCORE_URLS"] = Address.ToString().TrimEnd('/');
        var log = new StreamWriter(Path.Combine(logDirectory, $"{Name}.log"), append: true) { AutoFlush = true };
        var stopwatch = Stopwatch.StartNew();
        var process = Process.Start(start) ?? throw new InvalidOperationException($"{Name} did not start.");
        process.OutputDataReceived += (_, line) => Write(log, line.Data);
        process.ErrorDataReceived += (_, line) => Write(log, line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        process.EnableRaisingEvents = true;
        process.Exited += (_, _) => log.Dispose();
        _process = process;

        await WaitUntilReadyAsync(TimeSpan.FromSeconds(60), cancellationToken);
        TimeToReady = stopwatch.Elapsed;
    }

    /// <summary>SIGKILL: the process ends mid-whatever, with no graceful shutdown.</summary>
    public async Task KillAsync()
    {
        if (_process is { HasExited: false } process)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
        }
    }

    public async Task<bool> IsReadyAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            using var response = await Probe.GetAsync(new Uri(Address, "health/ready"), cancellationToken);
            return response.IsSuccessStatusCode;
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            return false;
        }
    }

    public async Task WaitUntilReadyAsync(TimeSpan timeout, CancellationToken cancellationToken = default)
    {
        var deadline = Stopwatch.StartNew();
        while (!await IsReadyAsync(cancellationToken))
        {
            if (_process is { HasExited: true } exited)
            {
                throw new InvalidOperationException($"{Name} exited with {exited.ExitCode} before it was ready; see {logDirectory}/{Name}.log.");
            }

            if (deadline.Elapsed > timeout)
            {
                throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:F0} s; see {logDirectory}/{Name}.log.");
            }

            await Task.Delay(20, cancellationToken);
        }
    }

    /// <summary>SIGTERM, and the host's graceful shutdown; SIGKILL after 15 s.</summary>
    public async Task StopAsync()
    {
        if (_process is not { HasExited: false } process)
        {
            return;
        }

        using (var term = Process.Start("kill", ["-TERM", process.Id.ToString()]))
        {
            await term.WaitForExitAsync();
        }

        using var grace = new CancellationTokenSource(TimeSpan.FromSeconds(15));
        try
        {
            await process.WaitForExitAsync(grace.Token);
        }
        catch (OperationCanceledException)
        {
            await KillAsync();
        }
    }

    private static void Write(StreamWriter log, string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (log)
        {
            try
            {
                log.WriteLine(line);
            }
            catch (ObjectDisposedException)
            {
                // The last lines of a killed process may arrive after its log was closed.
            }
        }
    }
}
