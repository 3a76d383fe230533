using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Publishes committed outbox rows to the broker, oldest first, with the row's id as the MessageId so
/// consumers can recognise a message published twice (after a crash between publish and mark-sent).
/// Before and after each round it reports what waits (<see cref="PlatformMetrics.OutboxPending"/>), the backlog an
/// operator watches when the broker is unreachable.
/// </summary>
internal sealed partial class OutboxDispatcher<TContext>(
    string serviceName,
    IServiceScopeFactory scopes,
    IBus bus,
    OutboxSignal signal,
    TimeProvider clock,
    ILogger<OutboxDispatcher<TContext>> logger) : PollingWorker where TContext : DbContext
{
    private const int BatchSize = 100;
    private static readonly TimeSpan PollInterval = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan PublishTimeout = TimeSpan.FromSeconds(10);

    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => PollInterval;

    protected override async Task<bool> RoundAsync(CancellationToken cancellationToken) => await PublishBatchAsync(cancellationToken) == BatchSize;

    // A commit that queued an event wakes the dispatcher at once; the interval is the fallback.
    protected override Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => signal.WaitAsync(interval, cancellationToken);

    private async Task<int> PublishBatchAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TContext>();
        var batch = await db.Set<OutboxMessage>()
            .Where(m => m.SentAt == null)
            .OrderBy(m => m.CreatedAt)
            .Take(BatchSize)
            .ToListAsync(cancellationToken);
        // Reported before publishing too: with the broker down a publish can wait a long time, and the backlog
        // must show meanwhile.
        await ReportBacklogAsync(db, batch, sent: 0, cancellationToken);

        var sent = 0;
        foreach (var message in batch)
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
                message.MarkSent(clock.GetUtcNow());
                sent++;
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested)
            {
                message.MarkFailed(ex.Message);
                LogPublishFailed(ex, message.Id, message.MessageType);
                // Keep order: later events must not overtake one that could not be published.
                break;
            }
        }

        await db.SaveChangesAsync(cancellationToken);
        await ReportBacklogAsync(db, batch, sent, cancellationToken);
        return sent;
    }

    // A batch smaller than the limit was everything unsent, so only a full one needs counting again.
    private async Task ReportBacklogAsync(TContext db, List<OutboxMessage> batch, int sent, CancellationToken cancellationToken)
    {
        var unsent = db.Set<OutboxMessage>().Where(m => m.SentAt == null);
        var pending = batch.Count < BatchSize ? batch.Count - sent : await unsent.LongCountAsync(cancellationToken);
        var oldest = pending == 0 ? (DateTimeOffset?)null
            : batch.Count < BatchSize ? batch[sent].CreatedAt
            : await unsent.OrderBy(m => m.CreatedAt).Select(m => (DateTimeOffset?)m.CreatedAt).FirstOrDefaultAsync(cancellationToken);
        PlatformMetrics.OutboxObserved(serviceName, pending, oldest, clock);
    }


    [LoggerMessage(LogLevel.Warning, "Publishing outbox message {MessageId} ({MessageType}) failed; it stays queued")]
    private partial void LogPublishFailed(Exception ex, Guid messageId, string messageType);
}
