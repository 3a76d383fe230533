using Platform.Proof.Network;
using Platform.Proof.Traffic;
using Spectre.Console;

namespace Platform.Proof.Benchmark;

/// <summary>
/// The benchmark: the whole network on this machine's loopback, measured phase by phase, each bounded by a count and a
/// time so that a run ends within five minutes however the platform fares. It runs twice, once on PostgreSQL (the
/// production store: the cluster <c>--postgres</c> names, or a throwaway one of its own) and once on the embedded
/// SQLite files, and prints both side by side.
/// <list type="number">
/// <item>Each service's time to ready (they start one after another) at the first start and when restarted, then its processor time and memory over ten idle seconds.</item>
/// <item>A GET with wrk: straight to forms, through the gateway, and from a bare Kestrel endpoint answering the same bytes (the floor).</item>
/// <item>The messaging floor: a bare MassTransit publish → consume hop on the network's RabbitMQ.</item>
/// <item>End to end: submissions accepted, cases opened, citizens notified and the partner's webhook acknowledged,
/// first at full speed; once that backlog has drained, paced at half that rate for the lag.</item>
/// </list>
/// Every figure is printed with its target, as a table and as plain lines to paste into a note.
/// </summary>
public static class BenchmarkCommand
{
    // A service just started is still compiling: tiered JIT promotes what every worker round runs for about a minute
    // (measured on notifications: about 90 methods compiled per 5 s and 4 % of a core 35-55 s after start, 0.5-0.7 %
    // from 60 s on). Idle is what follows.
    private static readonly TimeSpan IdleSettle = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Idle = TimeSpan.FromSeconds(10);
    private const int FloorMessages = 20_000;
    private static readonly TimeSpan FloorWithin = TimeSpan.FromSeconds(60);
    private const int DefaultSubmissions = 2_000;
    private static readonly TimeSpan SustainWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan DrainWithin = TimeSpan.FromSeconds(120);
    private static readonly TimeSpan PacedSettleWithin = TimeSpan.FromSeconds(30);

    private static readonly TimeSpan ReadyTarget = TimeSpan.FromSeconds(3);
    private const long MemoryTarget = 150L * 1024 * 1024;
    private const double IdleCpuTarget = 1.0;
    private const double GatewayRatioTarget = 0.85;
    private const double BareRatioTarget = 0.2;
    private const double SustainedTarget = 100;
    private const double FloorRatioTarget = 0.1;
    private static readonly TimeSpan AcceptTarget = TimeSpan.FromMilliseconds(50);
    private static readonly TimeSpan LagTarget = TimeSpan.FromSeconds(1);

    public static async Task<int> RunAsync(ProofOptions options, CancellationToken cancellationToken)
    {
        if (!GatewayOverhead.IsInstalled)
        {
            AnsiConsole.MarkupLine("[yellow]wrk is not installed, so the GET figures are not measured: apt-get install wrk[/]");
        }

        var submissions = options.Submissions ?? DefaultSubmissions;
        await using var ownCluster = options.Postgres is null ? await PostgresCluster.StartAsync(cancellationToken) : null;
        var runs = new List<(string Store, Figures Figures)>();
        foreach (var (store, postgres) in new[] { ("PostgreSQL", options.Postgres ?? ownCluster!.ConnectionString), ("SQLite", null) })
        {
            AnsiConsole.MarkupLineInterpolated($"[bold]on {store}[/]");
            runs.Add((store, await RunOnAsync(new NetworkOptions { Postgres = postgres, Replicas = options.EveryServiceReplicated }, options, submissions, cancellationToken)));
        }

        Figures.Print(runs);
        return runs.All(r => r.Figures.AllTargetsMet) ? 0 : 1;
    }

    private static async Task<Figures> RunOnAsync(NetworkOptions network, ProofOptions options, int submissions, CancellationToken cancellationToken)
    {
        var figures = new Figures();
        figures.Add(new Figure("machine", "cores; load average before the run", $"{Environment.ProcessorCount}; {LoadAverage()}"));
        await using (var running = await Commands.StartAsync(network, cancellationToken))
        {
            await AnsiConsole.Progress().AutoClear(false)
                .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
                .StartAsync(async progress =>
                {
                    Task PhaseAsync(string phase, string section, Func<Task> measure) =>
                        options.Runs(phase) ? BenchmarkCommand.PhaseAsync(section, figures, measure, cancellationToken) : Task.CompletedTask;

                    await PhaseAsync("idle", "idle", () => IdleAsync(running, progress, figures, cancellationToken));
                    await PhaseAsync("get", "GET", () => GetAsync(running, progress, figures, cancellationToken));
                    var floor = double.NaN;
                    await PhaseAsync("messaging", "messaging", async () => floor = await FloorAsync(running, progress, figures, cancellationToken));
                    await PhaseAsync("end-to-end", "end to end", () => EndToEndAsync(running, submissions, floor, progress, figures, cancellationToken));
                });
        }

        figures.Add(new Figure("machine", "load average after the run", LoadAverage()));
        return figures;
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

    /// <summary>
    /// After a few seconds for start-up's last work, each process's processor time (user and kernel, from /proc) over
    /// ten seconds with nothing to do, as a share of one core; then its resident memory.
    /// </summary>
    private static async Task IdleAsync(LocalNetwork network, ProgressContext progress, Figures figures, CancellationToken cancellationToken)
    {
        // The network's first start creates every database's schema and demo data; a restart, as in a rolling update
        // or a replica added, finds them there. Each process is restarted once (SIGKILL, then started on its data).
        var firstStart = network.Hosts.ToDictionary(h => h.Name, h => h.TimeToReady);
        var restarting = progress.AddTask("each process restarted on its existing database", maxValue: network.Hosts.Count);
        foreach (var host in network.Hosts)
        {
            await host.KillAsync();
            await host.StartAsync(cancellationToken);
            restarting.Increment(1);
        }

        var idle = progress.AddTask("services idle", maxValue: (IdleSettle + Idle).TotalSeconds);
        await TrackAsync(Task.Delay(IdleSettle, cancellationToken), idle, () => idle.Value + 0.25);
        var before = network.Hosts.ToDictionary(h => h.Name, h => h.ProcessorTime);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        await TrackAsync(Task.Delay(Idle, cancellationToken), idle, () => idle.Value + 0.25);
        var elapsed = clock.Elapsed;
        foreach (var host in network.Hosts)
        {
            var cpu = (host.ProcessorTime - before[host.Name]) / elapsed * 100;
            figures.Add(new Figure(host.Name, "time to ready, first start (creates its schema and demo data)", Format.Seconds(firstStart[host.Name])));
            figures.Add(new Figure(host.Name, "time to ready, restarted on its database", Format.Seconds(host.TimeToReady), $"< {Format.Seconds(ReadyTarget)}", host.TimeToReady < ReadyTarget));
            figures.Add(new Figure(host.Name, $"idle CPU over {Idle.TotalSeconds:F0} s, % of one core", Format.Percent(cpu), $"< {Format.Percent(IdleCpuTarget)}", cpu < IdleCpuTarget));
            figures.Add(new Figure(host.Name, "idle memory (resident)", Format.Megabytes(host.ResidentBytes), $"< {Format.Megabytes(MemoryTarget)}",
                host.ResidentBytes < MemoryTarget));
            figures.Add(new Figure(host.Name, "idle memory, proportional (shared pages divided among the processes mapping them)", Format.Megabytes(host.ProportionalBytes)));
        }
    }

    /// <summary>
    /// The same cheap authenticated GET (Fjordby's forms list) with wrk, one after another with the same connections
    /// for the same time: from a bare Kestrel endpoint answering forms' very bytes (the floor HTTP itself sets on this
    /// box), straight to forms, and through the gateway.
    /// </summary>
    private static async Task GetAsync(LocalNetwork network, ProgressContext progress, Figures figures, CancellationToken cancellationToken)
    {
        if (!GatewayOverhead.IsInstalled)
        {
            figures.Add(new Figure("GET", "forms list", "not measured: apt-get install wrk", $"ratios ≥ {BareRatioTarget}, ≥ {GatewayRatioTarget}", false));
            return;
        }

        var token = await network.CitizenTokenAsync(Citizens.Fjordby[0]);
        var wrk = new GatewayOverhead(token);
        var list = $"tenants/{Citizens.Tenant}/forms";
        var direct = new Uri(network["forms"].Address, list);
        using var forms = network.As(token);
        using var answer = await forms.GetAsync(direct, cancellationToken);
        answer.EnsureSuccessStatusCode();
        await using var bare = await BareKestrel.ServeAsync(list, await answer.Content.ReadAsByteArrayAsync(cancellationToken),
            answer.Content.Headers.ContentType?.ToString() ?? "application/json");

        async Task<LoadResult> MeasureAsync(string what, Uri address)
        {
            var bar = progress.AddTask($"GET {list}: {what} (wrk, {GatewayOverhead.Connections} connections)", maxValue: (GatewayOverhead.WarmUp + GatewayOverhead.Duration).TotalSeconds);
            var measured = await TrackAsync(wrk.MeasureAsync(address, cancellationToken), bar, () => bar.Value + 0.25);
            figures.Add(new Figure("GET", $"forms list {what}, {GatewayOverhead.Connections} conn.: req/s, p50, p99", Describe(measured)));
            return measured;
        }

        var measuredBare = await MeasureAsync("from bare Kestrel", bare.Address);
        var measuredDirect = await MeasureAsync("direct to forms", direct);
        var measuredThrough = await MeasureAsync("via gateway", new Uri(network.Gateway, "api/forms/" + list));
        Ratio(figures, "throughput ratio direct / bare Kestrel", measuredDirect, measuredBare, BareRatioTarget);
        Ratio(figures, "throughput ratio gateway / direct", measuredThrough, measuredDirect, GatewayRatioTarget);
    }

    private static void Ratio(Figures figures, string what, LoadResult measured, LoadResult against, double target)
    {
        // A side that answered nothing in time (wrk counts only completed requests) makes no ratio at all.
        if (measured.Requests == 0 || against.Requests == 0)
        {
            figures.Add(new Figure("GET", what, "none: a side answered no request within wrk's timeout", $"≥ {Format.Ratio(target)}", false));
            return;
        }

        var ratio = measured.RequestsPerSecond / against.RequestsPerSecond;
        var clean = measured.Failed == 0 && against.Failed == 0;
        figures.Add(new Figure("GET", what, Format.Ratio(ratio) + (clean ? "" : " (some answers not 2xx)"), $"≥ {Format.Ratio(target)}", clean && ratio >= target));
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
        var processor = ProcessorAccount.Start(network);
        var sustained = await TrackAsync(run.SustainAsync(submissions, SustainWithin, cancellationToken), accepting, () =>
        {
            completing.Value = Math.Min(run.Webhooks - webhooksBefore, run.Emails - emailsBefore);
            return run.AcceptedSoFar - acceptedBefore;
        });
        completing.Value = sustained.Completed;

        var settled = sustained.Settled ? ""
            : $" (only {sustained.Completed} of {sustained.Accepted} completed within {SustainWithin.TotalSeconds:F0} s: {sustained.Stages})";
        figures.Add(new Figure("end to end", $"sustained: {submissions:N0} submissions accept → case → notification → webhook",
            Format.PerSecond(sustained.PerSecond, "submissions") + settled, $"≥ {Format.PerSecond(SustainedTarget, "submissions")}",
            sustained.Settled && sustained.PerSecond >= SustainedTarget));
        var ratio = sustained.PerSecond / floor;
        figures.Add(new Figure("end to end", "sustained rate / messaging floor", Format.Ratio(ratio), $"≥ {Format.Ratio(FloorRatioTarget)}",
            sustained.Settled && ratio >= FloorRatioTarget));
        var (perSubmission, busy) = processor.PerUnit(sustained.Completed);
        figures.Add(new Figure("end to end", "full speed: the machine's processors busy", Format.Percent(busy)));
        foreach (var (where, milliseconds) in perSubmission)
        {
            figures.Add(new Figure("end to end", $"full speed: processor ms per completed submission, {where}", milliseconds.ToString("F1", System.Globalization.CultureInfo.InvariantCulture)));
        }

        figures.Add(new Figure("end to end", $"accept latency via gateway at full speed: p50, p99",
            $"{Format.Milliseconds(Percentile.Of(sustained.AcceptLatencies, 50))}, {Format.Milliseconds(Percentile.Of(sustained.AcceptLatencies, 99))}"));

        var draining = progress.AddTask("full speed's backlog drained: every webhook and e-mail", maxValue: 1);
        var (drained, stages) = sustained.Settled ? (TimeSpan.Zero, "") : await run.DrainAsync(sustained, DrainWithin, cancellationToken);
        draining.Value = 1;
        figures.Add(new Figure("end to end", "full speed's backlog drained before half speed, after",
            sustained.Settled ? "nothing left: settled at full speed" : drained is { } took ? Format.Seconds(took) : $"not within {DrainWithin.TotalSeconds:F0} s ({stages}): half speed queues behind it"));

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
        // The rate is in the value, not the figure's name, so that both stores' runs share the row.
        figures.Add(new Figure("end to end", "submit → citizen's e-mail lag at half speed: rate; p50, p99",
            $"{Format.PerSecond(paced.Rate, "submissions")}; {Format.Milliseconds(Percentile.Of(paced.Lags, 50))}, {Format.Milliseconds(lagP99)}{missing}", $"p99 < {Format.Seconds(LagTarget)}",
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
