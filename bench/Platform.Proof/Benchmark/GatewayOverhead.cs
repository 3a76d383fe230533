using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Platform.Proof.Benchmark;

/// <summary>What one wrk run measured: requests per second, the median and the 99th percentile, and how many answers were not 2xx.</summary>
public sealed record LoadResult(double RequestsPerSecond, TimeSpan P50, TimeSpan P99, long Requests, long Failed);

/// <summary>
/// The gateway's cost, measured with Debian's wrk (a closed loop in C, so the load generator takes little of this
/// machine's two cores from the processes it measures): the same cheap authenticated GET, Fjordby's list of forms,
/// asked of forms directly and through the gateway, with the same connections for the same time, one after the other
/// in the same run. Each is warmed up first so that neither pays for JIT compilation or an empty connection pool.
/// </summary>
public sealed partial class GatewayOverhead(string token)
{
    public const string Wrk = "/usr/bin/wrk";
    public const int Connections = 16;
    public static readonly TimeSpan WarmUp = TimeSpan.FromSeconds(2);
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(10);

    public static bool IsInstalled => File.Exists(Wrk);

    public async Task<LoadResult> MeasureAsync(Uri address, CancellationToken cancellationToken)
    {
        await RunAsync(address, WarmUp, cancellationToken);
        return Parse(await RunAsync(address, Duration, cancellationToken));
    }

    private async Task<string> RunAsync(Uri address, TimeSpan duration, CancellationToken cancellationToken)
    {
        var start = new ProcessStartInfo(Wrk) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[]
                 {
                     "-t1", $"-c{Connections}", $"-d{(int)duration.TotalSeconds}s", "--latency", "--timeout", "5s",
                     "-H", $"Authorization: Bearer {token}", address.ToString(),
                 })
        {
            start.ArgumentList.Add(argument);
        }

        using var wrk = Process.Start(start) ?? throw new InvalidOperationException("wrk did not start.");
        var output = wrk.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = wrk.StandardError.ReadToEndAsync(cancellationToken);
        await wrk.WaitForExitAsync(cancellationToken);
        return wrk.ExitCode == 0 ? await output : throw new InvalidOperationException($"wrk exited with {wrk.ExitCode}: {await errors}{await output}");
    }

    /// <summary>Reads wrk's report: "Requests/sec:", the --latency distribution's 50% and 99% lines, "N requests in", and "Non-2xx or 3xx responses:".</summary>
    public static LoadResult Parse(string report)
    {
        var rate = double.Parse(RequestsPerSecond().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var requests = long.Parse(RequestCount().Match(report).Groups[1].Value, CultureInfo.InvariantCulture);
        var failed = NotSuccessful().Match(report) is { Success: true } line ? long.Parse(line.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        return new LoadResult(rate, LatencyAt(report, "50"), LatencyAt(report, "99"), requests, failed);
    }

    private static TimeSpan LatencyAt(string report, string percent)
    {
        var match = Regex.Match(report, $@"^\s*{percent}(?:\.0+)?%\s+([\d.]+)(us|ms|s)\s*$", RegexOptions.Multiline);
        if (!match.Success)
        {
            throw new FormatException($"wrk's report has no {percent}% latency line:\n{report}");
        }

        var value = double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture);
        return match.Groups[2].Value switch
        {
            "us" => TimeSpan.FromMicroseconds(value),
            "ms" => TimeSpan.FromMilliseconds(value),
            _ => TimeSpan.FromSeconds(value),
        };
    }

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex RequestsPerSecond();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex RequestCount();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex NotSuccessful();
}
