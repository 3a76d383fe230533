using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Notifications;
using Platform.ServiceDefaults;
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

    /// <summary>How long an instance holds a delivery it is attempting; longer than any provider's timeout.</summary>
    public TimeSpan Lease { get; set; } = TimeSpan.FromMinutes(2);

    public int BatchSize { get; set; } = 20;

    /// <summary>
    /// How many deliveries of a batch are attempted at once. One at a time, a provider's round trip (an SMTP
    /// conversation) bounded the whole service's rate; deliveries are independent of one another, and each is claimed
    /// with its lease before it is attempted, so attempting several at once neither doubles nor reorders anything a
    /// recipient relies on.
    /// </summary>
    public int Concurrency { get; set; } = 4;
}

/// <summary>
/// Delivers what the consumers queued, outside the consumers, so a slow or failing provider never holds up the
/// broker. Each delivery is claimed with a lease, attempted through its channel's adapter, and its outcome saved
/// with NotificationDelivered or NotificationFailed in the same transaction (the outbox). A failed attempt is
/// retried with exponential backoff and jitter until <see cref="DeliveryOptions.MaxAttempts"/>, then marked failed.
/// A commit that queued a delivery wakes it at once (<see cref="DeliveriesQueued"/>); the poll interval is the fallback.
/// </summary>
public sealed partial class DeliveryDispatcher(
    IServiceScopeFactory scopes,
    IOptions<DeliveryOptions> options,
    DeliveriesQueued queued,
    TimeProvider clock,
    ILogger<DeliveryDispatcher> logger) : PollingWorker
{
    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => options.Value.PollInterval;

    protected override async Task<bool> RoundAsync(CancellationToken cancellationToken) =>
        await AttemptDueAsync(cancellationToken) == options.Value.BatchSize;

    protected override Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => queued.WaitAsync(interval, cancellationToken);

    private async Task<int> AttemptDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> due;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            due = await scope.ServiceProvider.GetRequiredService<NotificationsDb>().Deliveries
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now && (d.LeasedUntil == null || d.LeasedUntil < now))
                .OrderBy(d => d.NextAttemptAt)
                .Select(d => d.Id)
                .Take(options.Value.BatchSize)
                .ToListAsync(cancellationToken);
        }

        await Parallel.ForEachAsync(due, new ParallelOptions { MaxDegreeOfParallelism = options.Value.Concurrency, CancellationToken = cancellationToken },
            async (id, ct) => await AttemptAsync(id, ct));

        return due.Count;
    }

    private async Task AttemptAsync(Guid deliveryId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var now = clock.GetUtcNow();
        var leasedUntil = now + options.Value.Lease;
        var claimed = await db.Deliveries
            .Where(d => d.Id == deliveryId && d.Status == DeliveryStatus.Pending && (d.LeasedUntil == null || d.LeasedUntil < now))
            .ExecuteUpdateAsync(d => d.SetProperty(x => x.LeasedUntil, leasedUntil), cancellationToken);
        if (claimed == 0)
        {
            return;
        }

        var delivery = await db.Deliveries.SingleAsync(d => d.Id == deliveryId, cancellationToken);
        var notification = await db.Notifications.SingleAsync(n => n.Id == delivery.NotificationId, cancellationToken);
        var channel = scope.ServiceProvider.GetServices<IDeliveryChannel>().FirstOrDefault(c => c.Name == delivery.Channel);

        DeliveryOutcome outcome;
        try
        {
            outcome = channel is null
                ? DeliveryOutcome.Fail($"No adapter delivers the channel '{delivery.Channel}'.")
                : await channel.SendAsync(notification, delivery, cancellationToken);
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            outcome = DeliveryOutcome.Retry($"{ex.GetType().Name}: {ex.Message}");
        }

        Record(db, notification, delivery, outcome);
        await db.SaveChangesAsync(cancellationToken);
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
