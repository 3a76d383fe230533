using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Workers;

namespace Platform.Channels.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Delay before the first retry; each later one doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(25);

    /// <summary>How often due retries are looked for; a commit that queues a delivery wakes the sender at once.</summary>
    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    public int MaxConcurrentSubscriptions { get; set; } = 8;

    /// <summary>Whether partners' URLs may point at loopback: for a local run and tests only.</summary>
    public bool AllowLoopback { get; set; }

    /// <summary>Host names or addresses of the platform itself (gateway, services, broker) that no webhook may target.</summary>
    public List<string> PlatformHosts { get; set; } = [];

    /// <summary>How long a rotated-out secret keeps signing alongside the new one, unless the partner asks otherwise.</summary>
    public TimeSpan DefaultRotationOverlap { get; set; } = TimeSpan.FromHours(24);
}

/// <summary>
/// Posts due deliveries to partners' endpoints, signed. A 2xx answer delivers; anything else (an error status,
/// a timeout, a refused connection, a forbidden address) is logged as an attempt the partner can read, and retried
/// with exponential backoff and jitter until <see cref="WebhookOptions.GiveUpAfter"/>, then the delivery is marked failed.
/// Any number of replicas may run it: each subscription's queue is sent by one of them at a time, in order.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options,
    CommitSignal<WebhookDelivery> queued,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override ICommitSignal WokenBy => queued;

    /// <summary>How many of one subscription's due deliveries a round sends, oldest first, one after another.</summary>
    private const int BatchPerSubscription = 20;

    // A round in which some subscription had a full batch due is followed at once by the next: waiting the poll
    // interval after each batch capped a busy partner at one batch per interval (40 events a second by default).
    protected override Task<bool> RoundAsync(CancellationToken cancellationToken) => SendDueAsync(cancellationToken);

    // A subscription is held while its queue is sent, renewed as it goes; a replica that dies holding it lets go of it
    // within this time, and the partner's events go on from another replica.
    private static readonly TimeSpan SubscriptionLease = TimeSpan.FromSeconds(30);

    private async Task<bool> SendDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> subscriptions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            subscriptions = await scope.ServiceProvider.GetRequiredService<ChannelsDb>().Deliveries
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .Select(d => d.SubscriptionId)
                .Distinct()
                .ToListAsync(cancellationToken);
        }

        // Each subscription's queue is worked on its own, so a partner whose endpoint hangs delays only itself.
        var moreDue = false;
        await Parallel.ForEachAsync(
            subscriptions,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSubscriptions, CancellationToken = cancellationToken },
            async (subscriptionId, ct) =>
            {
                if (await SendDueForSubscriptionAsync(subscriptionId, ct) == BatchPerSubscription)
                {
                    Volatile.Write(ref moreDue, true);
                }
            });
        return Volatile.Read(ref moreDue);
    }

    /// <summary>
    /// Claims one subscription and sends its oldest due deliveries in order; how many were due. A subscription another
    /// replica is sending is left to it: two replicas posting one queue side by side would reorder it.
    /// </summary>
    private async Task<int> SendDueForSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDb>();
        var requests = scope.ServiceProvider.GetRequiredService<WebhookRequests>();
        var claim = await db.Subscriptions.ClaimAsync(all => all.Where(s => s.Id == subscriptionId), 1, SubscriptionLease, clock, cancellationToken);
        if (claim.Rows is not [var subscription])
        {
            return 0;
        }

        var now = clock.GetUtcNow();
        var due = await db.Deliveries
            .Where(d => d.SubscriptionId == subscriptionId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.CreatedAt)
            .Take(BatchPerSubscription)
            .ToListAsync(cancellationToken);

        foreach (var delivery in due)
        {
            if (claim.Until - clock.GetUtcNow() < SubscriptionLease / 2 && !await claim.RenewAsync(SubscriptionLease, clock, cancellationToken))
            {
                // Held up past the lease, and another replica has the queue now: it goes on from here.
                return 0;
            }

            using var attemptSpan = PlatformTelemetry.ContinueTrace("webhook deliver", delivery.TraceParent, ActivityKind.Producer);
            // Secrets are read per attempt, so a rotation signs the very next attempt with both.
            var answer = await requests.PostAsync(delivery.Url, delivery.EventId.ToString(), delivery.Payload,
                subscription.SigningSecrets(clock.GetUtcNow()), cancellationToken);
            db.Attempts.Add(answer.IsSuccess
                ? delivery.Succeeded(answer.StatusCode!.Value, answer.Duration, clock.GetUtcNow())
                : Failed(delivery, answer));
            // Saved before the next is posted: a replica killed mid-queue posts again at most the one it was sending.
            await db.SaveChangesAsync(cancellationToken);

            PlatformMetrics.WebhookAttempted(subscription.PartnerId, delivery.Status switch
            {
                DeliveryStatus.Delivered => "delivered",
                DeliveryStatus.Failed => "failed",
                _ => "retrying",
            }, answer.StatusCode, answer.Duration);
        }

        await claim.ReleaseAsync(cancellationToken);
        return due.Count;
    }

    private WebhookAttempt Failed(WebhookDelivery delivery, EndpointAnswer answer)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var backoff = TimeSpan.FromTicks(Math.Min(
            settings.MaxRetryDelay.Ticks,
            settings.RetryBaseDelay.Ticks * (long)Math.Pow(2, Math.Min(delivery.Attempts, 30))));
        // Half fixed, half random: retries of many deliveries that failed together spread out, yet each still backs off.
        var next = now + backoff / 2 + backoff / 2 * Random.Shared.NextDouble();
        var giveUp = next - delivery.FailingSince(now) > settings.GiveUpAfter;

        var attempt = delivery.AttemptFailed(answer.StatusCode, answer.Duration, answer.Error ?? "failed", now, giveUp ? null : next);
        LogAttemptFailed(delivery.Id, delivery.Url, delivery.Attempts, attempt.Error!, giveUp);
        return attempt;
    }

    [LoggerMessage(LogLevel.Warning, "Webhook delivery {DeliveryId} to {Url} failed (attempt {Attempts}): {Error}; given up: {GaveUp}")]
    private partial void LogAttemptFailed(Guid deliveryId, string url, int attempts, string error, bool gaveUp);
}
