using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Platform.ServiceDefaults.Workers;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows to the broker with the row's id as the MessageId, so consumers can recognise a
/// message published twice (after a crash between publish and mark-sent). Each round claims a batch, oldest first, so
/// replicas of the service divide the rows between them; the batch is published all at once, each publish awaiting
/// its broker confirmation, and what was confirmed is marked sent in one commit.
/// <para>
/// Order: events leave roughly in the order they were committed, but no consumer relies on the order between
/// messages, and none may: the broker redelivers, consumers run several messages at once, and replicas publish side
/// by side. Each consumer is keyed by the event's own identity instead (a revocation that overtakes its grant keeps it
/// revoked; a case event is told once whenever it comes).
/// </para>
/// Before and after each round it reports what waits (<see cref="PlatformMetrics.OutboxPending"/>), the backlog an
/// operator watches when the broker is unreachable.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    string serviceName,
    IServiceScopeFactory scopes,
    IBus bus,
    CommitSignal<OutboxMessage> signal,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TContext>> logger) : PollingWorker where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    // Longer than a round can take (every publish is given up after PublishTimeout), so a claim never lapses mid-round.
    private static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);

    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => PollInterval;

    protected override ICommitSignal WokenBy => signal;

    protected override async Task<bool> RoundAsync(CancellationToken cancellationToken) => await PublishBatchAsync(cancellationToken) == BatchSize;

    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var claim = await db.Set<OutboxMessage>().ClaimAsync(unsent => unsent.Where(m => m.SentAt == null).OrderBy(m => m.CreatedAt),
            BatchSize, Lease, clock, cancellationToken);
        var batch = claim.Rows;
        if (batch.Count == 0)
        {
            PlatformMetrics.OutboxObserved(serviceName, 0, null, clock);
            return 0;
        }

        // Reported before publishing too: with the broker down a publish can wait a long time, and the backlog
        // must show meanwhile.
        await ReportBacklogAsync(db, batch, unsent: batch, cancellationToken);

        var published = await Task.WhenAll(batch.Select(message => PublishAsync(message, cancellationToken)));
        var now = clock.GetUtcNow();
        foreach (var (message, error) in batch.Zip(published))
        {
            if (error is null)
            {
                message.MarkSent(now);
            }
            else
            {
                message.MarkFailed(error);
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await ReportBacklogAsync(db, batch, unsent: [.. batch.Where(m => m.SentAt is null)], cancellationToken);
        return batch.Count;
    }

    /// <summary>Publishes one row; null when the broker confirmed it, otherwise why not.</summary>
    private async Task<string?> PublishAsync(OutboxMessage message, CancellationToken cancellationToken)
    {
        try
        {
            // Continues the trace of the request that wrote the event, so one trace follows it across the broker.
            using var activity = PlatformTelemetry.ContinueTrace("outbox publish", message.TraceParent)
                ?.SetTag(PlatformTelemetry.ServiceTag, serviceName).SetTag("messaging.message.id", message.Id);
            // A publish caught by a broker going down can wait for its confirmation forever; given up, the row stays
            // unsent and the next round publishes it again on the new connection (consumers know the MessageId).
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(PublishTimeout);
            await bus.Publish(message.Deserialize(), message.ResolveType(), context => context.MessageId = message.Id, timeout.Token);
            return null;
        }
        catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
        {
            LogPublishFailed(ex, message.Id, message.MessageType);
            return ex.Message;
        }
    }

    // A batch smaller than the limit was everything due, so only a full one needs counting again.
    private async Task ReportBacklogAsync(TContext db, IReadOnlyList<OutboxMessage> batch, IReadOnlyList<OutboxMessage> unsent, CancellationToken cancellationToken)
    {
        if (batch.Count < BatchSize)
        {
            PlatformMetrics.OutboxObserved(serviceName, unsent.Count, unsent.Count == 0 ? null : unsent.Min(m => m.CreatedAt), clock);
            return;
        }

        var waiting = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
        var pending = await waiting.LongCountAsync(cancellationToken);
        var oldest = pending == 0 ? null : await waiting.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        PlatformMetrics.OutboxObserved(serviceName, pending, oldest, clock);
    }

    [LoggerMessage(LogLevel.Warning, "Publishing outbox message {MessageId} ({MessageType}) failed; it stays queued")]
    private partial void LogPublishFailed(Exception ex, Guid messageId, string messageType);
}
