namespace Platform.EndToEnd.Tests;

/// <summary>
/// The queues the services declare on a real RabbitMQ are quorum queues, so a three-node cluster keeps every event
/// when a node goes; the single local node runs the very same declarations.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class BrokerTopologyTests(PlatformFixture platform)
{
    [Fact]
    public async Task Every_consumer_queue_of_every_service_is_a_quorum_queue()
    {
        var queues = await Eventually.Until(() => platform.Broker.QueuesAsync(),
            found => new[] { "cases-", "channels-", "notifications-" }.All(service => found.Keys.Any(q => q.StartsWith(service, StringComparison.Ordinal))),
            "the consumers of cases, channels and notifications to declare their queues");

        Assert.All(queues, queue => Assert.Equal((queue.Key, "quorum"), (queue.Key, queue.Value)));
    }
}
