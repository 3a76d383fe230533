using System.Collections.Concurrent;
using System.Diagnostics;
using Platform.Partners.Sdk;
using Platform.Proof.Network;
using Platform.Proof.Traffic;
using Platform.Testing;

namespace Platform.Proof.Benchmark;

/// <summary>
/// The sustained run: how many submissions were accepted, and how long it took from the first submission until the
/// last one's case was opened, its partner's webhook acknowledged and the citizen's e-mail received by the SMTP server. <see cref="Settled"/> is false when that did not happen in time; the
/// rate is then what was completed, and <see cref="Stages"/> says how far each stage got: where the backlog was.
/// </summary>
public sealed record SustainedRun(int Accepted, int Completed, TimeSpan Took, bool Settled, IReadOnlyList<TimeSpan> AcceptLatencies, string Stages)
{
    public double PerSecond => Completed / Took.TotalSeconds;
}

/// <summary>The paced run: the rate it was paced at, each accepted submission's lag until the citizen's e-mail arrived, and how many e-mails never came.</summary>
public sealed record PacedRun(double Rate, int Accepted, IReadOnlyList<TimeSpan> Lags, int Missing, IReadOnlyList<TimeSpan> AcceptLatencies);

/// <summary>
/// Submissions through the gateway, as citizens send them, followed to their end: the case opened in cases, the
/// notification delivered by notifications (the citizen's e-mail at the mail sink) and the case.opened webhook acknowledged by
/// Nordbank's endpoint. First as fast as <see cref="Concurrency"/> citizens' apps can send (the sustained rate), then
/// paced at half that rate, when the platform is not saturated, for the lag a citizen sees from pressing submit to
/// the e-mail in their mailbox. Progress is watched on the mail sink and the partner's endpoint, in this process,
/// so that watching adds no load to the services measured.
/// </summary>
public sealed class EndToEnd(LocalNetwork network, Citizens citizens, Outcomes outcomes)
{
    public const int Concurrency = 16;
    public static readonly TimeSpan PacedFor = TimeSpan.FromSeconds(20);
    private const int PacedInFlight = 64;
    private static readonly TimeSpan Watch = TimeSpan.FromMilliseconds(50);

    private int _sent;
    private int _accepted;
    private (int Webhooks, int Emails) _drainedAt;

    public int Sent => Volatile.Read(ref _sent);

    public int AcceptedSoFar => Volatile.Read(ref _accepted);

    /// <summary>Distinct cases whose case.opened the partner acknowledged.</summary>
    public int Webhooks => network.Partner.Received.Where(w => w.Type == WebhookEventTypes.CaseOpened).Select(w => w.Subject).Distinct().Count();

    /// <summary>E-mails that reached the citizens: the notification of each case opened (the municipality's mailbox is told of overdue cases only).</summary>
    public int Emails => network.Mail.Messages.Count(m => m.To.Any(CitizensMail.Contains));

    private static readonly HashSet<string> CitizensMail = Citizens.Fjordby.Select((_, i) => Citizens.EmailOf(i)).ToHashSet(StringComparer.OrdinalIgnoreCase);

    /// <summary>
    /// The citizens want e-mail, Nordbank is connected, and the two submissions that proved it (one per citizen) have
    /// gone all the way, so the runs that follow start from a quiet network and count only their own.
    /// </summary>
    public async Task PrepareAsync(CancellationToken cancellationToken)
    {
        await citizens.WantEmailAsync(cancellationToken);
        var probes = await citizens.ConnectNordbankAsync(cancellationToken);
        await Eventually.Until(() => Task.FromResult((Webhooks, Emails)),
            seen => seen.Webhooks >= probes.Count && seen.Emails >= probes.Count, "the connecting submissions' webhooks and e-mails", TimeSpan.FromSeconds(60));
    }

    public async Task<SustainedRun> SustainAsync(int count, TimeSpan within, CancellationToken cancellationToken)
    {
        var (webhooksBefore, emailsBefore) = (Webhooks, Emails);
        _drainedAt = (webhooksBefore, emailsBefore);
        var accepted = new ConcurrentBag<Accepted>();
        var clock = Stopwatch.StartNew();
        var submitting = Parallel.ForEachAsync(Enumerable.Range(0, count), new ParallelOptions { MaxDegreeOfParallelism = Concurrency, CancellationToken = cancellationToken },
            async (n, ct) => await SubmitAsync(n, accepted, ct));

        var completed = 0;
        while (clock.Elapsed < within)
        {
            completed = Math.Min(Webhooks - webhooksBefore, Emails - emailsBefore);
            if (submitting.IsCompleted && completed >= accepted.Count)
            {
                break;
            }

            await Task.Delay(Watch, cancellationToken);
        }

        var took = clock.Elapsed;
        await submitting;
        var settled = completed >= accepted.Count;
        var stages = settled ? "" : await StagesAsync(accepted, webhooksBefore, emailsBefore, cancellationToken);
        return new SustainedRun(accepted.Count, Math.Min(completed, accepted.Count), took, settled, [.. accepted.Select(a => a.Latency)], stages);
    }

    /// <summary>
    /// Waits until every submission of the full-speed run has gone all the way (its webhook acknowledged and its
    /// citizen's e-mail received, each of which follows the case's opening), or <paramref name="within"/> has passed,
    /// so that the paced run measures the lag of a quiet network rather than a queue behind the backlog. Null when it
    /// did not drain in time, with how far each stage got.
    /// </summary>
    public async Task<(TimeSpan? Took, string Stages)> DrainAsync(SustainedRun sustained, TimeSpan within, CancellationToken cancellationToken)
    {
        var clock = Stopwatch.StartNew();
        while (Webhooks - _drainedAt.Webhooks < sustained.Accepted || Emails - _drainedAt.Emails < sustained.Accepted)
        {
            if (clock.Elapsed > within)
            {
                return (null, $"webhooks acknowledged {Webhooks - _drainedAt.Webhooks}, citizens' e-mails {Emails - _drainedAt.Emails} of {sustained.Accepted}");
            }

            await Task.Delay(Watch, cancellationToken);
        }

        return (clock.Elapsed, "");
    }

    /// <summary>
    /// Submits at <paramref name="rate"/> per second for <see cref="PacedFor"/>, each on its schedule whether or not
    /// the ones before were answered (an open loop, as citizens do not wait for each other), then measures each one's
    /// lag from the moment it was sent to the moment the citizen's e-mail arrived.
    /// </summary>
    public async Task<PacedRun> PaceAsync(double rate, TimeSpan settleWithin, CancellationToken cancellationToken)
    {
        var count = (int)Math.Clamp(rate * PacedFor.TotalSeconds, 20, 2_000);
        var emailsBefore = Emails;
        var accepted = new ConcurrentBag<Accepted>();
        using var inFlight = new SemaphoreSlim(PacedInFlight);
        var clock = Stopwatch.StartNew();
        var sending = new List<Task>();
        for (var n = 0; n < count; n++)
        {
            if (TimeSpan.FromSeconds(n / rate) - clock.Elapsed is { Ticks: > 0 } early)
            {
                await Task.Delay(early, cancellationToken);
            }

            await inFlight.WaitAsync(cancellationToken);
            sending.Add(Task.Run(async () =>
            {
                try
                {
                    await SubmitAsync(n, accepted, cancellationToken);
                }
                finally
                {
                    inFlight.Release();
                }
            }, cancellationToken));
        }

        await Task.WhenAll(sending);
        var settling = Stopwatch.StartNew();
        while (Emails - emailsBefore < accepted.Count && settling.Elapsed < settleWithin)
        {
            await Task.Delay(Watch, cancellationToken);
        }

        // Which case each submission opened, and when the e-mail about that case reached the citizen.
        var cases = await outcomes.CasesBySubmissionAsync(cancellationToken);
        var arrived = new Dictionary<string, DateTimeOffset>();
        foreach (var mail in network.Mail.Messages.Where(m => m.To.Any(CitizensMail.Contains)))
        {
            if (Outcomes.CaseNumberIn(mail.Subject + " " + mail.TextBody) is { } number)
            {
                arrived.TryAdd(number, mail.ReceivedAt);
            }
        }

        var lags = new List<TimeSpan>();
        foreach (var submission in accepted)
        {
            if (cases.GetValueOrDefault(submission.SubmissionId) is [var opened, ..] && arrived.TryGetValue(opened.CaseNumber, out var at))
            {
                lags.Add(at - (submission.At - submission.Latency));
            }
        }

        return new PacedRun(rate, accepted.Count, lags, accepted.Count - lags.Count, [.. accepted.Select(a => a.Latency)]);
    }

    private async Task<string> StagesAsync(IEnumerable<Accepted> accepted, int webhooksBefore, int emailsBefore, CancellationToken cancellationToken)
    {
        var cases = await outcomes.CasesBySubmissionAsync(cancellationToken);
        return $"cases opened {accepted.Count(a => cases.ContainsKey(a.SubmissionId))}, webhooks acknowledged {Webhooks - webhooksBefore}, " +
               $"citizens' e-mails {Emails - emailsBefore}";
    }

    private async Task SubmitAsync(int n, ConcurrentBag<Accepted> accepted, CancellationToken cancellationToken)
    {
        Interlocked.Increment(ref _sent);
        if (await citizens.SubmitAsync(n, cancellationToken) is { } receipt)
        {
            accepted.Add(receipt);
            Interlocked.Increment(ref _accepted);
        }
    }
}
