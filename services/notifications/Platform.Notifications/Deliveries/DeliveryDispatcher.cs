using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Notifications;
using Platform.ServiceDefaults.Workers;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Notifications.Deliveries;

/// <summary>The <c>Notifications:Delivery</c> section.</summary>
public sealed class DeliveryOptions
{
    /// <summary>Delay before the first retry; each later one doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(10);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromMinutes(30);

    /// <summary>Attempts in all, the first included, before a delivery is marked failed.</summary>
    public int MaxAttempts { get; set; } = 8;

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a replica holds the batch it is attempting; longer than a batch's attempts can take at any provider's timeout.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(5);

    public int BatchSize { get; set; } = 50;

    /// <summary>
    /// How many deliveries of a batch are attempted at once. One at a time, a provider's round trip (an SMTP
    /// conversation) bounded the whole service's rate; deliveries are independent of one another, and the batch is
    /// claimed before it is attempted, so attempting several at once neither doubles nor reorders anything a
    /// recipient relies on.
    /// </summary>
    public int Concurrency { get; set; } = 8;
}

/// <summary>
/// Delivers what the consumers queued, outside the consumers, so a slow or failing provider never holds up the
/// broker. Each round claims a batch of due deliveries in one statement (<see cref="Claims"/>), so replicas of the
/// service divide them; attempts them side by side through their channels' adapters; and records every outcome, with
/// NotificationDelivered or NotificationFailed through the outbox, in one commit. A failed attempt is retried with
/// exponential backoff and jitter until <see cref="DeliveryOptions.MaxAttempts"/>, then marked failed. A commit that
/// queued a delivery wakes it at once; the poll interval is the fallback.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    IOptions<DeliveryOptions> options,
    CommitSignal<Delivery> queued,
    TimeProvider clock,
    ILogger<DeliveryDispatcher> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override ICommitSignal WokenBy => queued;

    protected override async Task<bool> RoundAsync(CancellationToken cancellationToken) =>
        await AttemptDueAsync(cancellationToken) == options.Value.BatchSize;

    private async Task<int> AttemptDueAsync(CancellationToken cancellationToken)
    {
        var settings = options.Value;
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var now = clock.GetUtcNow();
        var claim = await db.Deliveries.ClaimAsync(
            deliveries => deliveries.Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now).OrderBy(d => d.NextAttemptAt),
            settings.BatchSize, settings.Lease, clock, cancellationToken);
        var batch = claim.Rows;
        if (batch.Count == 0)
        {
            return 0;
        }

        var notificationIds = batch.Select(d => d.NotificationId).Distinct().ToList();
        var notifications = await db.Notifications.Where(n => notificationIds.Contains(n.Id)).ToDictionaryAsync(n => n.Id, cancellationToken);
        var channels = scope.ServiceProvider.GetServices<IDeliveryChannel>().ToDictionary(c => c.Name);

        var outcomes = new DeliveryOutcome[batch.Count];
        await Parallel.ForEachAsync(Enumerable.Range(0, batch.Count),
            new ParallelOptions { MaxDegreeOfParallelism = settings.Concurrency, CancellationToken = cancellationToken },
            async (i, ct) => outcomes[i] = await AttemptAsync(channels, notifications[batch[i].NotificationId], batch[i], ct));

        for (var i = 0; i < batch.Count; i++)
        {
            Record(db, notifications[batch[i].NotificationId], batch[i], outcomes[i]);
        }

        await db.SaveChangesAsync(cancellationToken);
        return batch.Count;
    }

    private static async Task<DeliveryOutcome> AttemptAsync(Dictionary<string, IDeliveryChannel> channels, Notification notification, Delivery delivery,
        CancellationToken cancellationToken)
    {
        if (!channels.TryGetValue(delivery.Channel, out var channel))
        {
            return DeliveryOutcome.Fail($"No adapter delivers the channel '{delivery.Channel}'.");
        }

        try
        {
            return await channel.SendAsync(notification, delivery, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            return DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
        }
    }

    private void Record(NotificationsDb db, Notification notification, Delivery delivery, DeliveryOutcome outcome)
    {
        var now = clock.GetUtcNow();
        if (outcome.Status is DeliveryStatus.Sent or DeliveryStatus.Delivered)
        {
            delivery.Succeeded(outcome.Status, now);
            db.Publish(new NotificationDelivered(notification.Id, notification.TenantId, notification.RecipientId, notification.CaseId, delivery.Channel, now), clock);
            return;
        }

        var reason = outcome.FailureReason ?? "Unknown failure.";
        var settings = options.Value;
        DateTimeOffset? retryAt = null;
        if (!outcome.Permanent && delivery.Attempts + 1 < settings.MaxAttempts)
        {
            var backoff = TimeSpan.FromTicks(Math.Min(settings.MaxRetryDelay.Ticks, settings.RetryBaseDelay.Ticks * (1L << Math.Min(delivery.Attempts, 30))));
            // Full jitter spreads the retries of many deliveries that failed together (a provider's outage).
            retryAt = now + backoff / 2 + backoff / 2 * Random.Shared.NextDouble();
        }

        delivery.AttemptFailed(reason, now, retryAt);
        LogAttemptFailed(delivery.Id, delivery.Channel, delivery.Attempts, reason, retryAt is null);
        if (retryAt is null)
        {
            db.Publish(new NotificationFailed(notification.Id, notification.TenantId, notification.RecipientId, notification.CaseId, delivery.Channel, reason, now), clock);
        }
    }

    [LoggerMessage(LogLevel.Warning, "Delivery {DeliveryId} by {Channel} failed (attempt {Attempts}): {Reason}; given up: {GaveUp}")]
    private partial void LogAttemptFailed(Guid deliveryId, string channel, int attempts, string reason, bool gaveUp);
}
