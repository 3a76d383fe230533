using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Notifications.Deliveries;

/// <summary>
/// Wakes the <see cref="DeliveryDispatcher"/> as soon as a commit has queued a delivery, so a citizen's e-mail leaves
/// within milliseconds of the case event instead of at the next poll (up to a second later). Polling remains the
/// safety net after a restart and for retries that fall due. Only a commit that added a delivery wakes it: the
/// dispatcher's own saves, which record outcomes, do not.
/// </summary>
public sealed class DeliveriesQueued : SaveChangesInterceptor
{
    private static readonly object Adding = new();
    private readonly SemaphoreSlim _queued = new(0, 1);
    private readonly ConditionalWeakTable<DbContext, object> _saving = [];

    public override InterceptionResult<int> SavingChanges(DbContextEventData eventData, InterceptionResult<int> result)
    {
        Note(eventData.Context);
        return result;
    }

    public override ValueTask<InterceptionResult<int>> SavingChangesAsync(DbContextEventData eventData, InterceptionResult<int> result,
        CancellationToken cancellationToken = default)
    {
        Note(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override int SavedChanges(SaveChangesCompletedEventData eventData, int result)
    {
        Committed(eventData.Context);
        return result;
    }

    public override ValueTask<int> SavedChangesAsync(SaveChangesCompletedEventData eventData, int result, CancellationToken cancellationToken = default)
    {
        Committed(eventData.Context);
        return ValueTask.FromResult(result);
    }

    public override void SaveChangesFailed(DbContextErrorEventData eventData) => Forget(eventData.Context);

    public override Task SaveChangesFailedAsync(DbContextErrorEventData eventData, CancellationToken cancellationToken = default)
    {
        Forget(eventData.Context);
        return Task.CompletedTask;
    }

    /// <summary>Waits until a delivery is queued or <paramref name="timeout"/> has passed.</summary>
    public async Task WaitAsync(TimeSpan timeout, CancellationToken cancellationToken) => await _queued.WaitAsync(timeout, cancellationToken);

    // Before the commit is the last moment the added deliveries can be told from the others; the wake-up waits for
    // the commit, or the dispatcher could look before they are there.
    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<Delivery>().Any(d => d.State == EntityState.Added))
        {
            _saving.AddOrUpdate(context, Adding);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _saving.Remove(context) && _queued.CurrentCount == 0)
        {
            try
            {
                _queued.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke it first: one wake-up is enough.
            }
        }
    }

    private void Forget(DbContext? context)
    {
        if (context is not null)
        {
            _saving.Remove(context);
        }
    }
}
