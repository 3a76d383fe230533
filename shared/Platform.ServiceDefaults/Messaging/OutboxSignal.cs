using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Wakes the outbox dispatcher as soon as a transaction commits, so events leave within milliseconds
/// instead of waiting for the next poll. Polling remains the safety net after a crash or restart.
/// </summary>
public sealed class OutboxSignal : SaveChangesInterceptor
{
    private readonly SemaphoreSlim _pending = new(0, 1);

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Notify();
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Notify();
        return ValueTask.FromResult(result);
    }

    internal async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) =>
        await _pending.WaitAsync(timeout, cancellationToken);

    private void Notify()
    {
        if (_pending.CurrentCount == 0)
        {
            try
            {
                _pending.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit signalled first: one wake-up is enough.
            }
        }
    }
}
