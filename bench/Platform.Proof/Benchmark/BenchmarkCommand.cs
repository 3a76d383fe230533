using Platform.Proof.Network;
using Platform.Proof.Traffic;
using Spectre.Console;

namespace Platform.Proof.Benchmark;

/// <summary>
/// The benchmark: the whole network on this machine's loopback, measured phase by phase, each bounded by a count and a
/// time so that the run ends within five minutes however the platform fares.
/// <list type="number">
/// <item>Each service's time to ready (they start one after another) and its memory after a few idle seconds.</item>
/// <item>The gateway's overhead: the same GET with wrk, direct to forms and through the gateway.</item>
/// <item>The messaging floor: a bare MassTransit publish → consume hop on the network's RabbitMQ.</item>
/// <item>End to end: submissions accepted, cases opened, citizens notified and the partner's webhook acknowledged,
/// first at full speed, then paced at half that rate for the lag.</item>
/// </list>
/// Every figure is printed with its target, as a table and as plain lines to paste into a note.
/// </summary>
public static class BenchmarkCommand
{
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(5);
    private const int FloorMessages = 20_000;
    private static readonly TimeSpan FloorWithin = TimeSpan.FromSeconds(60);
    private const int DefaultSubmissions = 2_000;
    private static readonly TimeSpan SustainWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PacedSettleWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ReadyTarget = TimeSpan.FromSeconds(3);
    private const long MemoryTarget = 150L * 1024 * 1024;
    private const double GatewayRatioTarget = 0.85;
    private const double FloorRatioTarget = 0.25;
    private static readonly TimeSpan AcceptTarget = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LagTarget = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ProofOptions options, CancellationToken cancellationToken)
    {
        if (!GatewayOverhead.IsInstalled)
        {
            AnsiConsole.MarkupLine("[yellow]wrk is not installed, so the gateway's overhead is not measured: apt-get install wrk[/]");
        }

        var submissions = options.Submissions ?? DefaultSubmissions;
        var figures = new Figures();
        figures.Add(new Figure("machine", "cores; load average before the run", $"{Environment.ProcessorCount}; {LoadAverage()}"));
        await using var network = await Commands.StartAsync(new NetworkOptions { Postgres = options.Postgres }, cancellationToken);

        await AnsiConsole.Progress().AutoClear(false)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                await PhaseAsync("idle", figures, () => IdleAsync(network, progress, figures, cancellationToken), cancellationToken);
                await PhaseAsync("gateway", figures, () => GatewayAsync(network, progress, figures, cancellationToken), cancellationToken);
                var floor = double.NaN;
                await PhaseAsync("messaging", figures, async () => floor = await FloorAsync(network, progress, figures, cancellationToken), cancellationToken);
                await PhaseAsync("end to end", figures, () => EndToEndAsync(network, submissions, floor, progress, figures, cancellationToken), cancellationToken);
            });

        figures.Add(new Figure("machine", "load average after the run", LoadAverage()));
        figures.Print();
        return figures.AllTargetsMet ? 0 : 1;
    }

    /// <summary>Runs one phase; one that fails is a missed figure with its reason, and the phases after it still run.</summary>
    private static async Task PhaseAsync(string section, Figures figures, Func<Task> phase, CancellationToken cancellationToken)
    {
        try
        {
            await phase();
        }
        // A request that timed out fails the phase; only Ctrl+C ends the run.
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            figures.Add(new Figure(section, "phase failed", $"{ex.GetType().Name}: {ex.Message}", "completes", false));
        }
    }

    private static async Task IdleAsync(LocalNetwork network, ProgressContext progress, Figures figures, CancellationToken cancellationToken)
    {
        var idle = progress.AddTask("services idle", maxValue: Idle.TotalSeconds);
        await TrackAsync(Task.Delay(Idle, cancellationToken), idle, () => idle.Value + 0.25);
        foreach (var host in network.Hosts)
        {
            figures.Add(new Figure(host.Name, "time to ready", Format.Seconds(host.TimeToReady), $"< {Format.Seconds(ReadyTarget)}", host.TimeToReady < ReadyTarget));
            figures.Add(new Figure(host.Name, "idle memory (resident)", Format.Megabytes(host.ResidentBytes), $"< {Format.Megabytes(MemoryTarget)}",
                host.ResidentBytes < MemoryTarget));
        }
    }

    private static async Task GatewayAsync(LocalNetwork network, ProgressContext progress, Figures figures, CancellationToken cancellationToken)
    {
        if (!GatewayOverhead.IsInstalled)
        {
            figures.Add(new Figure("gateway", "overhead", "not measured: apt-get install wrk", $"ratio ≥ {GatewayRatioTarget}", false));
            return;
        }

        var wrk = new GatewayOverhead(await network.CitizenTokenAsync(Citizens.Fjordby[0]));
        var list = $"tenants/{Citizens.Tenant}/forms";
        var phase = (GatewayOverhead.WarmUp + GatewayOverhead.Duration).TotalSeconds;
        var direct = progress.AddTask($"GET {list}: direct to forms (wrk, {GatewayOverhead.Connections} connections)", maxValue: phase);
        var measuredDirect = await TrackAsync(wrk.MeasureAsync(new Uri(network["forms"].Address, list), cancellationToken), direct, () => direct.Value + 0.25);
        var through = progress.AddTask($"GET api/forms/{list}: through the gateway", maxValue: phase);
        var measuredThrough = await TrackAsync(wrk.MeasureAsync(new Uri(network.Gateway, "api/forms/" + list), cancellationToken), through, () => through.Value + 0.25);

        figures.Add(new Figure("gateway", $"GET forms list direct, {GatewayOverhead.Connections} conn.: req/s, p50, p99", Describe(measuredDirect)));
        figures.Add(new Figure("gateway", $"GET forms list via gateway, {GatewayOverhead.Connections} conn.: req/s, p50, p99", Describe(measuredThrough)));
        // A side that answered nothing in time (wrk counts only completed requests) makes no ratio at all.
        if (measuredDirect.Requests == 0 || measuredThrough.Requests == 0)
        {
            figures.Add(new Figure("gateway", "throughput ratio gateway / direct", "none: a side answered no request within wrk's timeout",
                $"≥ {Format.Ratio(GatewayRatioTarget)}", false));
            return;
        }

        var ratio = measuredThrough.RequestsPerSecond / measuredDirect.RequestsPerSecond;
        var clean = measuredDirect.Failed == 0 && measuredThrough.Failed == 0;
        figures.Add(new Figure("gateway", "throughput ratio gateway / direct", Format.Ratio(ratio) + (clean ? "" : " (some answers not 2xx)"),
            $"≥ {Format.Ratio(GatewayRatioTarget)}", clean && ratio >= GatewayRatioTarget));
    }

    private static string Describe(LoadResult load) =>
        $"{Format.PerSecond(load.RequestsPerSecond, "req")}, {Format.Milliseconds(load.P50)}, {Format.Milliseconds(load.P99)}" +
        (load.Failed > 0 ? $", {load.Failed} of {load.Requests} not 2xx" : "");

    private static async Task<double> FloorAsync(LocalNetwork network, ProgressContext progress, Figures figures, CancellationToken cancellationToken)
    {
        var floor = new MessagingFloor(network.Broker.Port);
        var consumed = progress.AddTask($"messaging floor: {FloorMessages:N0} messages published and consumed", maxValue: FloorMessages);
        var rate = await TrackAsync(floor.MeasureAsync(FloorMessages, EndToEnd.Concurrency, FloorWithin, cancellationToken), consumed, () => floor.Consumed);
        var complete = floor.Consumed == FloorMessages ? "" : $" ({floor.Consumed:N0} of {FloorMessages:N0} within {FloorWithin.TotalSeconds:F0} s)";
        figures.Add(new Figure("messaging", $"bare publish → consume hop, {EndToEnd.Concurrency} publishers", Format.PerSecond(rate, "msg") + complete));
        return rate;
    }

    private static async Task EndToEndAsync(LocalNetwork network, int submissions, double floor, ProgressContext progress, Figures figures,
        CancellationToken cancellationToken)
    {
        var preparing = progress.AddTask("citizens want e-mail, Nordbank connected", maxValue: 1);
        var citizens = await Citizens.SignInAsync(network);
        using var caseworker = network.As(await network.CivilServantTokenAsync("ingrid@fjordby.no"));
        var run = new EndToEnd(network, citizens, new Outcomes(network, caseworker));
        await run.PrepareAsync(cancellationToken);
        preparing.Value = 1;

        var accepting = progress.AddTask($"full speed: submissions accepted ({EndToEnd.Concurrency} at once)", maxValue: submissions);
        var completing = progress.AddTask("full speed: case opened, citizen's e-mail received, webhook acknowledged", maxValue: submissions);
        var acceptedBefore = run.AcceptedSoFar;
        var (webhooksBefore, emailsBefore) = (run.Webhooks, run.Emails);
        var sustained = await TrackAsync(run.SustainAsync(submissions, SustainWithin, cancellationToken), accepting, () =>
        {
            completing.Value = Math.Min(run.Webhooks - webhooksBefore, run.Emails - emailsBefore);
            return run.AcceptedSoFar - acceptedBefore;
        });
        completing.Value = sustained.Completed;

        var settled = sustained.Settled ? ""
            : $" (only {sustained.Completed} of {sustained.Accepted} completed within {SustainWithin.TotalSeconds:F0} s: {sustained.Stages})";
        figures.Add(new Figure("end to end", $"sustained: {submissions:N0} submissions accept → case → notification → webhook",
            Format.PerSecond(sustained.PerSecond, "submissions") + settled));
        var ratio = sustained.PerSecond / floor;
        figures.Add(new Figure("end to end", "sustained rate / messaging floor", Format.Ratio(ratio), $"≥ {Format.Ratio(FloorRatioTarget)}",
            sustained.Settled && ratio >= FloorRatioTarget));
        var acceptP99 = Percentile.Of(sustained.AcceptLatencies, 99);
        figures.Add(new Figure("end to end", $"accept latency via gateway at full speed: p50, p99",
            $"{Format.Milliseconds(Percentile.Of(sustained.AcceptLatencies, 50))}, {Format.Milliseconds(acceptP99)}", $"p99 < {Format.Milliseconds(AcceptTarget)}",
            acceptP99 < AcceptTarget));

        var rate = Math.Max(1, sustained.PerSecond / 2);
        var expected = (int)Math.Clamp(rate * EndToEnd.PacedFor.TotalSeconds, 20, 2_000);
        var pacing = progress.AddTask($"half speed: {rate:F1} submissions/s for {EndToEnd.PacedFor.TotalSeconds:F0} s, then every e-mail", maxValue: expected);
        var acceptedAtFullSpeed = run.AcceptedSoFar;
        var paced = await TrackAsync(run.PaceAsync(rate, PacedSettleWithin, cancellationToken), pacing, () => run.AcceptedSoFar - acceptedAtFullSpeed);

        var pacedAcceptP99 = Percentile.Of(paced.AcceptLatencies, 99);
        figures.Add(new Figure("end to end", $"accept latency via gateway at half speed: p50, p99",
            $"{Format.Milliseconds(Percentile.Of(paced.AcceptLatencies, 50))}, {Format.Milliseconds(pacedAcceptP99)}", $"p99 < {Format.Milliseconds(AcceptTarget)}",
            pacedAcceptP99 < AcceptTarget));
        var lagP99 = Percentile.Of(paced.Lags, 99);
        var missing = paced.Missing == 0 ? "" : $" ({paced.Missing} of {paced.Accepted} e-mails not received)";
        figures.Add(new Figure("end to end", $"submit → citizen's e-mail lag at {paced.Rate:F1}/s: p50, p99",
            $"{Format.Milliseconds(Percentile.Of(paced.Lags, 50))}, {Format.Milliseconds(lagP99)}{missing}", $"p99 < {Format.Seconds(LagTarget)}",
            paced.Missing == 0 && lagP99 < LagTarget));
    }

    /// <summary>Awaits <paramref name="work"/>, moving <paramref name="bar"/> to <paramref name="value"/> meanwhile, and completes the bar.</summary>
    private static async Task<T> TrackAsync<T>(Task<T> work, ProgressTask bar, Func<double> value)
    {
        await TrackAsync((Task)work, bar, value);
        return await work;
    }

    private static async Task TrackAsync(Task work, ProgressTask bar, Func<double> value)
    {
        while (!work.IsCompleted)
        {
            bar.Value = Math.Min(value(), bar.MaxValue);
            await Task.WhenAny(work, Task.Delay(250));
        }

        await work;
        bar.Value = bar.MaxValue;
    }

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
