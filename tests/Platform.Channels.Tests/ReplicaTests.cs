using MassTransit;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

/// <summary>
/// Two replicas of the channels service on one database, as the Kubernetes manifests run it: the partner is told of
/// each event once, in the order the events were queued, whichever replica queued or sent it; and a service with
/// nothing to do leaves its database alone between polls.
/// </summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_post_every_webhook_once_and_in_the_order_it_was_queued()
    {
        await using var first = new ChannelsHost();
        first.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        await first.SubscribeNordbankAsync("fjordby");
        await using var second = new ChannelsHost(replicaOf: first);

        var eventIds = new List<Guid>();
        for (var i = 0; i < 60; i++)
        {
            var eventId = Guid.NewGuid();
            eventIds.Add(eventId);
            await (i % 2 == 0 ? first : second).Mediator.Send(WebhookDeliveryTests.CaseOpenedIn("fjordby", submittedVia: "nordbank"),
                context => context.MessageId = eventId);
        }

        var posts = await Eventually.Until(() => Task.FromResult(first.Partner.LogEntries.ToList()), entries => entries.Count >= eventIds.Count,
            "every event posted to the partner");
        var posted = posts.OrderBy(e => e.RequestMessage.DateTime).Select(e => Guid.Parse(e.RequestMessage.Headers!["webhook-id"].Single())).ToList();
        Assert.Equal(eventIds, posted);
    }

    [Fact]
    public async Task An_idle_service_asks_its_database_at_most_once_per_poll_interval_per_worker()
    {
        await using var channels = new ChannelsHost(new Dictionary<string, string?> { ["Webhooks:PollInterval"] = "00:00:01" });
        _ = channels.Host.Services;
        var window = TimeSpan.FromSeconds(4);

        var commands = await channels.Host.CountDuringAsync(window);

        // The outbox polls every 2 s and the webhook sender every second, one query a round when nothing is due.
        Assert.InRange(commands, 0, DatabaseCommands.PollsWithin(window, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }
}
