using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults.Workers;

/// <summary>
/// Background work that takes what is due from its own service's database in rounds: the outbox dispatcher, a
/// service's deliveries to partners and providers, a scan for overdue cases. Each round claims what it works on
/// (<see cref="Claims"/>), so any number of replicas can run the same worker on one database. A round that did a full
/// batch is followed at once by the next, since more may be waiting; otherwise the worker waits its interval, or less
/// when a commit added work of its kind (<see cref="WokenBy"/>). A failed round is logged and tried again after the
/// interval, so one bad row or a database blip never stops the worker.
/// </summary>
public abstract partial class PollingWorker : BackgroundService
{
    /// <summary>The worker's clock: the interval is waited on it, so a test's fake clock drives the rounds.</summary>
    protected abstract TimeProvider Clock { get; }

    protected abstract ILogger Logger { get; }

    /// <summary>How long to wait after a round that left nothing waiting.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>The signal of a commit that added this worker's kind of work, when it has one; it ends the wait early.</summary>
    protected virtual ICommitSignal? WokenBy => null;

    /// <summary>One round of work; true when it did a full batch, so that more may be waiting.</summary>
    protected abstract Task<bool> RoundAsync(CancellationToken cancellationToken);

    protected sealed override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            var moreWaiting = false;
            try
            {
                moreWaiting = await RoundAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogRoundFailed(Logger, GetType().Name, ex);
            }

            if (moreWaiting)
            {
                continue;
            }

            try
            {
                await WaitAsync(stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task WaitAsync(CancellationToken stoppingToken)
    {
        if (WokenBy is not { } signal)
        {
            await Task.Delay(Interval, Clock, stoppingToken);
            return;
        }

        using var either = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        await Task.WhenAny(signal.WaitAsync(either.Token), Task.Delay(Interval, Clock, either.Token));
        await either.CancelAsync();
        stoppingToken.ThrowIfCancellationRequested();
    }

    [LoggerMessage(LogLevel.Error, "{Worker} failed a round; it tries again after its interval")]
    private static partial void LogRoundFailed(ILogger logger, string worker, Exception ex);
}
