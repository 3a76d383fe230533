using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.ServiceDefaults;

namespace Platform.Channels.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Delay before the first retry; each later one doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(25);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

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
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => options.Value.PollInterval;

    /// <summary>How many of one subscription's due deliveries a round sends, oldest first, one after another.</summary>
    private const int BatchPerSubscription = 20;

    // A round in which some subscription had a full batch due is followed at once by the next: waiting the poll
    // interval after each batch capped a busy partner at one batch per interval (40 events a second by default).
    protected override Task<bool> RoundAsync(CancellationToken cancellationToken) => SendDueAsync(cancellationToken);

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

    /// <summary>Sends one subscription's oldest due deliveries in order; how many were due.</summary>
    private async Task<int> SendDueForSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDb>();
        var requests = scope.ServiceProvider.GetRequiredService<WebhookRequests>();
        var subscription = await db.Subscriptions.FirstOrDefaultAsync(s => s.Id == subscriptionId, cancellationToken);
        if (subscription is null)
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
            using var attemptSpan = PlatformTelemetry.ContinueTrace("webhook deliver", delivery.TraceParent, ActivityKind.Producer);
            // Secrets are read per attempt, so a rotation signs the very next attempt with both.
            var answer = await requests.PostAsync(delivery.Url, delivery.EventId.ToString(), delivery.Payload,
                subscription.SigningSecrets(clock.GetUtcNow()), cancellationToken);
            db.Attempts.Add(answer.IsSuccess
                ? delivery.Succeeded(answer.StatusCode!.Value, answer.Duration, clock.GetUtcNow())
                : Failed(delivery, answer));
            await db.SaveChangesAsync(cancellationToken);

            PlatformMetrics.WebhookAttempted(subscription.PartnerId, delivery.Status switch
            {
                DeliveryStatus.Delivered => "delivered",
                DeliveryStatus.Failed => "failed",
                _ => "retrying",
            }, answer.StatusCode, answer.Duration);
        }

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
        var giveUp = next - delivery.RetryingSince > settings.GiveUpAfter;

        var attempt = delivery.AttemptFailed(answer.StatusCode, answer.Duration, answer.Error ?? "failed", now, giveUp ? null : next);
        LogAttemptFailed(delivery.Id, delivery.Url, delivery.Attempts, attempt.Error!, giveUp);
        return attempt;
    }

    [LoggerMessage(LogLevel.Warning, "Webhook delivery {DeliveryId} to {Url} failed (attempt {Attempts}): {Error}; given up: {GaveUp}")]
    private partial void LogAttemptFailed(Guid deliveryId, string url, int attempts, string error, bool gaveUp);
}
