using System.Diagnostics;

namespace Platform.Testing;

/// <summary>Polls for an asynchronous outcome until a deadline, instead of sleeping and hoping.</summary>
public static class Eventually
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(30);

    /// <summary>Returns the first value <paramref name="probe"/> yields that satisfies <paramref name="done"/>; fails at the deadline with the last value seen.</summary>
    public static async Task<T> Until<T>(Func<Task<T>> probe, Func<T, bool> done, string what, TimeSpan? timeout = null)
    {
        var deadline = Stopwatch.StartNew();
        var limit = timeout ?? DefaultTimeout;
        var delay = TimeSpan.FromMilliseconds(50);
        T last;
        while (true)
        {
            last = await probe();
            if (done(last))
            {
                return last;
            }

            if (deadline.Elapsed > limit)
            {
                throw new TimeoutException($"Waited {limit.TotalSeconds:F0} s for {what}; last seen: {Describe(last)}");
            }

            await Task.Delay(delay);
            delay = TimeSpan.FromMilliseconds(Math.Min(delay.TotalMilliseconds * 2, 500));
        }
    }

    private static string Describe<T>(T value) => value switch
    {
        null => "null",
        System.Collections.ICollection c => $"{c.Count} item(s)",
        _ => value.ToString() ?? "",
    };
}
