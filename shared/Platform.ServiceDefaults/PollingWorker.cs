using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace Platform.ServiceDefaults;

/// <summary>
/// Background work that takes what is due from its own service's database in rounds: the outbox dispatcher, a
/// service's deliveries to partners and providers, a scan for overdue cases. A round that did a full batch is
/// followed at once by the next, since more may be waiting; otherwise the worker waits its interval. A failed round
/// is logged and tried again after the interval, so one bad row or a database blip never stops the worker.
/// </summary>
public abstract partial class PollingWorker : BackgroundService
{
    /// <summary>The worker's clock: the interval is waited on it, so a test's fake clock drives the rounds.</summary>
    protected abstract TimeProvider Clock { get; }

    protected abstract ILogger Logger { get; }

    /// <summary>How long to wait after a round that left nothing waiting.</summary>
    protected abstract TimeSpan Interval { get; }

    /// <summary>One round of work; true when it did a full batch, so that more may be waiting.</summary>
    protected abstract Task<bool> RoundAsync(CancellationToken cancellationToken);

    /// <summary>Waits for the next round; a worker that can be woken early (the outbox, on a commit) waits on its signal too.</summary>
    protected virtual Task WaitAsync(TimeSpan interval, CancellationToken cancellationToken) => Task.Delay(interval, Clock, cancellationToken);

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
                await WaitAsync(Interval, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    [LoggerMessage(LogLevel.Error, "{Worker} failed a round; it tries again after its interval")]
    private static partial void LogRoundFailed(ILogger logger, string worker, Exception ex);
}
