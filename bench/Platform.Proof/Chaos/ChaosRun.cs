using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Proof.Network;
using Platform.Proof.Traffic;
using Platform.Testing;

namespace Platform.Proof.Chaos;

/// <summary>
/// How hard a chaos run is: how many submissions flow (at most <see cref="PerSecond"/>, from <see cref="Concurrency"/>
/// citizens' apps at once), and how long each fault lasts. Each fault strikes at its share of the submissions sent:
/// RabbitMQ stopped and started again, the cases service killed with SIGKILL and restarted (with replicas: one replica
/// of cases, then one of channels, while the others carry on), the partner's webhook endpoint taken away and brought back.
/// </summary>
public sealed record ChaosPlan(int Submissions, int Concurrency, double? PerSecond, TimeSpan BrokerDown, TimeSpan KilledFor, TimeSpan PartnerAway,
    TimeSpan SettleWithin)
{
    /// <summary>The command's run: 10,000 submissions as fast as the network takes them.</summary>
    public static ChaosPlan Full(int submissions) => new(submissions, 16, null, TimeSpan.FromSeconds(10), TimeSpan.FromSeconds(5),
        TimeSpan.FromSeconds(20), TimeSpan.FromMinutes(10));

    /// <summary>CI's run: a few hundred submissions, paced so that every fault happens while they flow.</summary>
    public static ChaosPlan Short(int submissions = 300) => new(submissions, 4, 12, TimeSpan.FromSeconds(3), TimeSpan.FromSeconds(2),
        TimeSpan.FromSeconds(5), TimeSpan.FromMinutes(3));

    /// <summary>
    /// Retries that fit a run of minutes rather than the production backoff of hours: the partner's deliveries are
    /// retried from half a second up to five, e-mails from one second.
    /// </summary>
    public static NetworkOptions Network(string? postgres) => new()
    {
        Postgres = postgres,
        Settings = new Dictionary<string, IReadOnlyDictionary<string, string>>
        {
            ["channels"] = new Dictionary<string, string>
            {
                ["Webhooks:PollInterval"] = "00:00:00.200",
                ["Webhooks:RetryBaseDelay"] = "00:00:00.500",
                ["Webhooks:MaxRetryDelay"] = "00:00:05",
            },
            ["notifications"] = new Dictionary<string, string>
            {
                ["Notifications:Delivery:PollInterval"] = "00:00:00.200",
                ["Notifications:Delivery:RetryBaseDelay"] = "00:00:01",
            },
        },
    };
}

public sealed record Fault(string What, TimeSpan At, TimeSpan Lasted);

public sealed record ChaosReport(int Sent, int Accepted, IReadOnlyList<Fault> Faults, IReadOnlyList<Tally> Tallies,
    IReadOnlyDictionary<string, bool> ReadyAfterwards, TimeSpan SubmittingTook, TimeSpan SettlingTook)
{
    public bool NothingLost => Accepted == Sent && Tallies.All(t => t.Exact) && ReadyAfterwards.Values.All(ready => ready);
}

/// <summary>Submissions flow through the gateway while the faults of a <see cref="ChaosPlan"/> strike; then everything is counted.</summary>
public sealed class ChaosRun(LocalNetwork network, ChaosPlan plan, Action<string> log)
{
    private readonly ConcurrentBag<Guid> _accepted = [];
    private readonly List<Fault> _faults = [];
    private readonly Stopwatch _clock = new();
    private int _sent;

    public int Sent => Volatile.Read(ref _sent);

    public int Accepted => _accepted.Count;

    public async Task<ChaosReport> RunAsync(CancellationToken cancellationToken)
    {
        var citizens = await Citizens.SignInAsync(network);
        await citizens.WantEmailAsync(cancellationToken);
        using var caseworker = network.As(await network.CivilServantTokenAsync("ingrid@fjordby.no"));
        // Nordbank's own submissions (that prove channels knows of the consents) are submissions like any other.
        foreach (var probe in await citizens.ConnectNordbankAsync(cancellationToken))
        {
            _accepted.Add(probe.SubmissionId);
            Interlocked.Increment(ref _sent);
        }

        _clock.Start();
        var faults = StrikeAsync(cancellationToken);
        await Parallel.ForEachAsync(Enumerable.Range(0, plan.Submissions), new ParallelOptions
        {
            MaxDegreeOfParallelism = plan.Concurrency,
            CancellationToken = cancellationToken,
        }, async (n, ct) =>
        {
            if (plan.PerSecond is { } rate && TimeSpan.FromSeconds(n / rate) - _clock.Elapsed is { Ticks: > 0 } early)
            {
                await Task.Delay(early, ct);
            }

            Interlocked.Increment(ref _sent);
            if (await citizens.SubmitAsync(n, ct) is { } accepted)
            {
                _accepted.Add(accepted.SubmissionId);
            }
        });
        var submitting = _clock.Elapsed;
        await faults;
        log($"{Accepted} of {Sent} submissions accepted in {submitting.TotalSeconds:F0} s; waiting for everything to settle");

        var outcomes = new Outcomes(network, caseworker);
        var submissions = _accepted.ToArray();
        var settling = Stopwatch.StartNew();
        try
        {
            await Eventually.Until(() => outcomes.ProgressAsync(submissions, cancellationToken),
                p => p.Cases == submissions.Length && p.Webhooks == submissions.Length && p.Emails == submissions.Length,
                "every submission's case, webhook and e-mail", plan.SettleWithin);
            await Eventually.Until(() => outcomes.CountAsync(submissions, cancellationToken), tallies => tallies.All(t => t.Exact),
                "every notification delivered", plan.SettleWithin - settling.Elapsed);
        }
        catch (TimeoutException ex)
        {
            log(ex.Message);
        }

        var tallies = await outcomes.CountAsync(submissions, cancellationToken);
        var ready = new Dictionary<string, bool>();
        foreach (var host in network.Hosts)
        {
            ready[host.Name] = await host.IsReadyAsync(cancellationToken);
        }

        return new ChaosReport(Sent, Accepted, [.. _faults.OrderBy(f => f.At)], tallies, ready, submitting, settling.Elapsed);
    }

    /// <summary>
    /// Each fault strikes when its share of the submissions has been sent, whether or not the one before has recovered:
    /// a broker or a replica can take longer to come back than the submissions take to flow, and a fault that waited
    /// for the one before would strike a network with nothing left to do.
    /// </summary>
    private async Task StrikeAsync(CancellationToken cancellationToken)
    {
        async Task AtAsync(double sent, Func<Task> fault)
        {
            await UntilSentAsync(sent, cancellationToken);
            await fault();
        }

        // The last replica: with one, the service itself goes; with several, one goes while the others carry on.
        var cases = network.ReplicasOf("cases")[^1];
        var faults = new List<Task>
        {
            AtAsync(0.15, () => FaultAsync("RabbitMQ stopped (rabbitmqctl shutdown) and started again", network.Broker.StopAsync(cancellationToken),
                plan.BrokerDown, () => network.Broker.StartAgainAsync(cancellationToken), cancellationToken)),
            AtAsync(0.40, () => KillAsync(cases, cancellationToken)),
            AtAsync(0.70, () => FaultAsync("the partner's webhook endpoint away and back", network.Partner.StopAsync(), plan.PartnerAway,
                () => network.Partner.StartAsync(), cancellationToken)),
        };
        if (network.ReplicasOf("channels") is [_, .., var channels])
        {
            faults.Add(AtAsync(0.55, () => KillAsync(channels, cancellationToken)));
        }

        await Task.WhenAll(faults);
    }

    private Task KillAsync(ServiceProcess replica, CancellationToken cancellationToken)
    {
        var others = network.ReplicasOf(replica.Service).Count - 1;
        var what = others == 0 ? $"{replica.Name} killed (SIGKILL) and restarted" : $"{replica.Name} killed (SIGKILL) and restarted, {others} other replica(s) carrying on";
        return FaultAsync(what, replica.KillAsync(), plan.KilledFor, () => replica.StartAsync(cancellationToken), cancellationToken);
    }

    private async Task FaultAsync(string what, Task strike, TimeSpan downFor, Func<Task> recover, CancellationToken cancellationToken)
    {
        var at = _clock.Elapsed;
        log($"{at.TotalSeconds,5:F1} s  {what}: down");
        await strike;
        await Task.Delay(downFor, cancellationToken);
        await recover();
        var lasted = _clock.Elapsed - at;
        log($"{_clock.Elapsed.TotalSeconds,5:F1} s  {what}: back after {lasted.TotalSeconds:F1} s");
        lock (_faults)
        {
            _faults.Add(new Fault(what, at, lasted));
        }
    }

    private async Task UntilSentAsync(double fraction, CancellationToken cancellationToken)
    {
        while (Sent < fraction * plan.Submissions)
        {
            await Task.Delay(50, cancellationToken);
        }
    }
}
