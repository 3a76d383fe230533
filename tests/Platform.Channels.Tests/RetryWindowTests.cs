using System.Net.Http.Json;
using MassTransit;
using Platform.Partners.Sdk;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

/// <summary>A delivery is retried for the whole retry window (24 h and more in production; a second here), then marked failed.</summary>
public sealed class RetryWindowTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new(new Dictionary<string, string?> { ["Webhooks:GiveUpAfter"] = "00:00:01" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task An_endpoint_that_never_answers_well_is_given_up_on_every_attempt_logged_and_a_replay_delivers_it_later()
    {
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var answer = Guid.NewGuid();
        // One delivery first, so the window below measures retries and not the sender's first start.
        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).WithGuid(answer).RespondWith(Response.Create().WithStatusCode(204));
        await _channels.Bus.Bus.Publish(WebhookDeliveryTests.CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());
        await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.Count == 1 && list[0].Status == "Delivered", "the first delivery");
        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).WithGuid(answer).RespondWith(Response.Create().WithStatusCode(502));
        _channels.Partner.ResetLogEntries();
        var eventId = Guid.NewGuid();

        await _channels.Bus.Bus.Publish(WebhookDeliveryTests.CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = eventId);

        var failed = (await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.Count == 2 && list[0].Status == "Failed",
            "the delivery to be given up"))[0];
        Assert.True(failed.Attempts >= 2, $"only {failed.Attempts} attempt(s) before giving up: {string.Join("; ", failed.AttemptLog)}");
        Assert.Equal(failed.Attempts, failed.AttemptLog.Count);
        Assert.All(failed.AttemptLog, a => Assert.Equal((502, "HTTP 502"), (a.StatusCode, a.Error)));
        Assert.Null(failed.NextAttemptAt);
        var attemptsWhenGivenUp = _channels.Partner.LogEntries.Count();

        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).WithGuid(answer).RespondWith(Response.Create().WithStatusCode(204));
        (await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/replay", new ReplayRequest(EventId: eventId))).EnsureSuccessStatusCode();

        var delivered = (await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.All(d => d.Status == "Delivered"), "the replay to be delivered"))
            .Single(d => d.EventId == eventId);
        Assert.Equal(204, delivered.AttemptLog[^1].StatusCode);
        // Nothing was retried after giving up: the replay is the only call since.
        Assert.Equal(attemptsWhenGivenUp + 1, _channels.Partner.LogEntries.Count());
        Assert.Equal(failed.Attempts + 1, delivered.AttemptLog.Count);
    }
}
