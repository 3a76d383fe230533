using System.Diagnostics;
using MassTransit;

namespace Platform.Proof.Benchmark;

/// <summary>The message of the floor's hop: nothing but a number, so that what is measured is MassTransit and RabbitMQ alone.</summary>
public sealed record FloorPing(int Number);

/// <summary>
/// The messaging floor: how many messages per second one bare MassTransit publish → consume hop carries on the
/// network's own RabbitMQ node, with the services' defaults (publisher confirms, durable queue, the default prefetch)
/// and nothing of theirs (no outbox, no database, no retry filter). Publishers run as many at once as the end-to-end
/// run has citizens submitting, so the two rates are compared at the same concurrency.
/// </summary>
public sealed class MessagingFloor(int brokerPort)
{
    public const string Queue = "benchmark-floor";

    private int _published;
    private int _consumed;

    public int Published => Volatile.Read(ref _published);

    public int Consumed => Volatile.Read(ref _consumed);

    /// <summary>Publishes <paramref name="count"/> messages and waits until each is consumed or <paramref name="within"/> has passed; messages consumed per second.</summary>
    public async Task<double> MeasureAsync(int count, int publishers, TimeSpan within, CancellationToken cancellationToken)
    {
        var allConsumed = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var bus = Bus.Factory.CreateUsingRabbitMq(rabbit =>
        {
            rabbit.Host("127.0.0.1", (ushort)brokerPort, "/", host =>
            {
                host.Username("guest");
                host.Password("guest");
            });
            rabbit.ReceiveEndpoint(Queue, endpoint => endpoint.Handler<FloorPing>(_ =>
            {
                if (Interlocked.Increment(ref _consumed) == count)
                {
                    allConsumed.TrySetResult();
                }

                return Task.CompletedTask;
            }));
        });

        await bus.StartAsync(cancellationToken);
        try
        {
            using var bounded = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            bounded.CancelAfter(within);
            var clock = Stopwatch.StartNew();
            var next = -1;
            var publishing = Enumerable.Range(0, publishers).Select(async _ =>
            {
                while (Interlocked.Increment(ref next) < count)
                {
                    await bus.Publish(new FloorPing(next), bounded.Token);
                    Interlocked.Increment(ref _published);
                }
            });
            try
            {
                await Task.WhenAll(publishing);
                await allConsumed.Task.WaitAsync(bounded.Token);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                // Out of time: the rate is what was consumed within it.
            }

            return Consumed / clock.Elapsed.TotalSeconds;
        }
        finally
        {
            await bus.StopAsync(CancellationToken.None);
        }
    }
}
