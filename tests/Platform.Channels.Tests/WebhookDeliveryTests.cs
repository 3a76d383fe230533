using System.Text.Json;
using MassTransit;
using Platform.Contracts.Cases;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using static Platform.Channels.Webhooks.SubscriptionEndpoints;

namespace Platform.Channels.Tests;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_subscribed_partner_receives_an_opened_case_as_a_cloudevent()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var opened = CaseOpenedIn("fjordby");
        var messageId = Guid.NewGuid();

        await _channels.Bus.Bus.Publish(opened, context => context.MessageId = messageId);

        var delivery = await DeliveredAsync(subscription);
        Assert.Equal((messageId, "case.opened", 1, 200), (delivery.EventId, delivery.EventType, delivery.Attempts, delivery.LastStatusCode));

        var request = Assert.Single(_channels.Partner.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/cloudevents+json", request.Headers!["Content-Type"].Single());
        Assert.Equal(messageId.ToString(), request.Headers["webhook-id"].Single());
        using var cloudEvent = JsonDocument.Parse(request.Body!);
        var root = cloudEvent.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("case.opened", root.GetProperty("type").GetString());
        Assert.Equal(messageId.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("/tenants/fjordby/cases", root.GetProperty("source").GetString());
        Assert.Equal(opened.CaseId, root.GetProperty("data").GetProperty("caseId").GetGuid());
        Assert.Equal(opened.CaseNumber, root.GetProperty("data").GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task A_partner_endpoint_that_fails_twice_gets_the_event_on_the_third_attempt()
    {
        // 500, 500, then 200: the sender must keep the delivery and retry it on its backoff schedule.
        var partner = Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost();
        _channels.Partner.Given(partner).InScenario("flaky").WillSetStateTo("failed once").RespondWith(Response.Create().WithStatusCode(500));
        _channels.Partner.Given(partner).InScenario("flaky").WhenStateIs("failed once").WillSetStateTo("failed twice").RespondWith(Response.Create().WithStatusCode(500));
        _channels.Partner.Given(partner).InScenario("flaky").WhenStateIs("failed twice").RespondWith(Response.Create().WithStatusCode(200));
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var messageId = Guid.NewGuid();

        await _channels.Bus.Bus.Publish(CaseOpenedIn("fjordby"), context => context.MessageId = messageId);

        var delivery = await DeliveredAsync(subscription);
        Assert.Equal((3, 200), (delivery.Attempts, delivery.LastStatusCode));
        Assert.Null(delivery.LastError);
        Assert.Equal([500, 500, 200], _channels.Partner.LogEntries.Select(e => e.ResponseMessage.StatusCode).Select(Convert.ToInt32));
        // Every attempt carries the same id, so the partner can tell a retry from a new event.
        Assert.All(_channels.Partner.LogEntries, e => Assert.Equal(messageId.ToString(), e.RequestMessage.Headers!["webhook-id"].Single()));
    }

    [Fact]
    public async Task A_redelivered_case_opened_is_posted_to_the_partner_once()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var opened = CaseOpenedIn("fjordby");
        var messageId = Guid.NewGuid();

        await _channels.Mediator.Send(opened, context => context.MessageId = messageId);
        await _channels.Mediator.Send(opened, context => context.MessageId = messageId);

        await DeliveredAsync(subscription);
        Assert.Single(await _channels.DeliveriesAsync(subscription));
        Assert.Single(_channels.Partner.LogEntries);
    }

    [Fact]
    public async Task A_partner_hears_nothing_about_a_municipality_it_did_not_subscribe_to()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");

        await _channels.Mediator.Send(CaseOpenedIn("skogsberg"), context => context.MessageId = Guid.NewGuid());

        Assert.Empty(await _channels.DeliveriesAsync(subscription));
    }

    private void PartnerAnswers(int status) =>
        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(status));

    private async Task<DeliveryView> DeliveredAsync(SubscriptionView subscription)
    {
        var deliveries = await Eventually.Until(
            () => _channels.DeliveriesAsync(subscription),
            list => list.Count > 0 && list.All(d => d.Status == "Delivered"),
            $"the deliveries of subscription {subscription.Id} to be delivered");
        return deliveries[0];
    }

    private static CaseOpened CaseOpenedIn(string tenantId)
    {
        var caseId = Guid.NewGuid();
        return new CaseOpened(caseId, $"{tenantId[..3].ToUpperInvariant()}-2026-{caseId.ToString("N")[..6].ToUpperInvariant()}", tenantId, Guid.NewGuid(),
            "street-light", "Report a broken street light", $"citizen-{Guid.NewGuid():N}", "Received", DateTimeOffset.UtcNow);
    }
}
