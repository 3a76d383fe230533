using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;

namespace Platform.Testing;

/// <summary>
/// Counts the commands a service sends to its own database, as EF Core reports them to its diagnostic listener: how a
/// test sees that an idle service leaves its database alone. Other hosts in the test process, on databases of their
/// own, are not counted.
/// </summary>
public static class DatabaseCommands
{
    /// <summary>How many commands the host's DbContexts execute on its database during <paramref name="window"/>.</summary>
    public static async Task<int> CountDuringAsync<T>(this ServiceHost<T> host, TimeSpan window) where T : class
    {
        var marker = host.DatabaseMarker;
        var count = 0;
        var commands = new Observer<KeyValuePair<string, object?>>(diagnostic =>
        {
            if (diagnostic.Key == RelationalEventId.CommandExecuting.Name && diagnostic.Value is CommandEventData executing
                && executing.Command.Connection?.ConnectionString.Contains(marker, StringComparison.Ordinal) == true)
            {
                Interlocked.Increment(ref count);
            }
        });
        var subscriptions = new List<IDisposable>();
        using (DiagnosticListener.AllListeners.Subscribe(new Observer<DiagnosticListener>(listener =>
               {
                   if (listener.Name == DbLoggerCategory.Name)
                   {
                       lock (subscriptions)
                       {
                           subscriptions.Add(listener.Subscribe(commands));
                       }
                   }
               })))
        {
            await Task.Delay(window);
        }

        lock (subscriptions)
        {
            subscriptions.ForEach(s => s.Dispose());
        }

        return Volatile.Read(ref count);
    }

    /// <summary>The most rounds workers polling at <paramref name="intervals"/> can start within <paramref name="window"/>.</summary>
    public static int PollsWithin(TimeSpan window, params TimeSpan[] intervals) => intervals.Sum(interval => (int)Math.Ceiling(window / interval) + 1);

    private sealed class Observer<TValue>(Action<TValue> next) : IObserver<TValue>
    {
        public void OnNext(TValue value) => next(value);

        public void OnCompleted()
        {
        }

        public void OnError(Exception error)
        {
        }
    }
}
