using System.Runtime.CompilerServices;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults.Workers;

/// <summary>
/// Wakes the worker that handles one kind of rows as soon as a commit has added one (an outbox row, a
/// delivery), so the work leaves within milliseconds instead of at the next poll. Only a commit that added a row of that
/// kind wakes it: the worker's own saves, which record outcomes, do not, or an idle worker would wake itself for ever.
/// Polling stays the safety net after a restart, for retries that fall due, and for rows another replica committed.
/// </summary>
public interface ICommitSignal
{
    /// <summary>Completes when a commit has added work since the last wake-up.</summary>
    Task WaitAsync(CancellationToken cancellationToken);
}

/// <inheritdoc cref="ICommitSignal"/>
public sealed class CommitSignal<TWork> : SaveChangesInterceptor, ICommitSignal where TWork : class
{
    private static readonly object Adding = new();
    private readonly SemaphoreSlim _added = new(0, 1);
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

    public Task WaitAsync(CancellationToken cancellationToken) => _added.WaitAsync(cancellationToken);

    // Before the commit is the last moment the added rows can be told from the others; the wake-up waits for the
    // commit, or the worker could look before they are there.
    private void Note(DbContext? context)
    {
        if (context is not null && context.ChangeTracker.Entries<TWork>().Any(e => e.State == EntityState.Added))
        {
            _saving.AddOrUpdate(context, Adding);
        }
    }

    private void Committed(DbContext? context)
    {
        if (context is not null && _saving.Remove(context) && _added.CurrentCount == 0)
        {
            try
            {
                _added.Release();
            }
            catch (SemaphoreFullException)
            {
                // Another commit woke the worker first: one wake-up is enough.
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

public static class CommitSignals
{
    /// <summary>
    /// Registers the signal for <typeparamref name="TWork"/>; every service database (<c>AddServiceDatabase</c>) carries it
    /// as an interceptor, and a <see cref="PollingWorker"/> waits on it through <see cref="PollingWorker.WokenBy"/>.
    /// </summary>
    public static IServiceCollection AddCommitSignal<TWork>(this IServiceCollection services) where TWork : class
    {
        if (services.Any(s => s.ServiceType == typeof(CommitSignal<TWork>)))
        {
            return services;
        }

        services.AddSingleton<CommitSignal<TWork>>();
        services.AddSingleton<ISaveChangesInterceptor>(provider => provider.GetRequiredService<CommitSignal<TWork>>());
        return services;
    }
}
