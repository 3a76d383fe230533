using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Platform.Contracts.Cases;
using Platform.Partners.Sdk;
using WireMock.Logging;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

public sealed class WebhookDeliveryTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_partner_receives_a_case_it_submitted_as_a_cloudevent_signed_with_its_secret()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var opened = CaseOpenedIn("fjordby", submittedVia: "nordbank");
        var messageId = Guid.NewGuid();

        await _channels.Bus.Bus.Publish(opened, context => context.MessageId = messageId);

        var delivery = await DeliveredAsync(subscription);
        Assert.Equal((messageId, "case.opened", 1, 200), (delivery.EventId, delivery.EventType, delivery.Attempts, delivery.LastStatusCode));

        var request = Assert.Single(_channels.Partner.LogEntries).RequestMessage;
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/cloudevents+json", request.Headers!["Content-Type"].Single());
        Assert.Equal(messageId.ToString(), request.Headers["webhook-id"].Single());
        var verification = new WebhookVerifier(subscription.Secret!).Verify(header => request.Headers[header].FirstOrDefault(), request.Body!);
        Assert.True(verification.IsValid, verification.Failure);
        // One byte changed in transit and the signature no longer holds.
        Assert.False(new WebhookVerifier(subscription.Secret!).Verify(header => request.Headers[header].FirstOrDefault(), request.Body!.Replace("fjordby", "fjordbx")).IsValid);
        Assert.False(new WebhookVerifier(WebhookSignature.NewSecret()).Verify(header => request.Headers[header].FirstOrDefault(), request.Body!).IsValid);

        using var cloudEvent = JsonDocument.Parse(request.Body!);
        var root = cloudEvent.RootElement;
        Assert.Equal("1.0", root.GetProperty("specversion").GetString());
        Assert.Equal("case.opened", root.GetProperty("type").GetString());
        Assert.Equal(messageId.ToString(), root.GetProperty("id").GetString());
        Assert.Equal("/tenants/fjordby/cases", root.GetProperty("source").GetString());
        Assert.Equal(opened.CaseId.ToString(), root.GetProperty("subject").GetString());
        Assert.Equal(opened.CaseId, root.GetProperty("data").GetProperty("caseId").GetGuid());
        Assert.Equal(opened.CaseNumber, root.GetProperty("data").GetProperty("caseNumber").GetString());
    }

    [Fact]
    public async Task A_500_then_a_200_is_retried_and_delivered_once_with_both_attempts_logged()
    {
        var partner = Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost();
        _channels.Partner.Given(partner).InScenario("flaky").WillSetStateTo("failed once").RespondWith(Response.Create().WithStatusCode(500));
        _channels.Partner.Given(partner).InScenario("flaky").WhenStateIs("failed once").RespondWith(Response.Create().WithStatusCode(200));
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var messageId = Guid.NewGuid();

        await _channels.Bus.Bus.Publish(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = messageId);

        var delivery = await DeliveredAsync(subscription);
        Assert.Equal((2, 200), (delivery.Attempts, delivery.LastStatusCode));
        Assert.Null(delivery.LastError);
        Assert.Equal([500, 200], StatusCodesReceived());
        Assert.Equal([500, 200], delivery.AttemptLog.Select(a => a.StatusCode));
        Assert.Equal(["HTTP 500", null], delivery.AttemptLog.Select(a => a.Error));
        Assert.All(delivery.AttemptLog, a => Assert.True(a.DurationMs > 0));
        // Every attempt carries the same id, so the partner can tell a retry from a new event.
        Assert.All(_channels.Partner.LogEntries, e => Assert.Equal(messageId.ToString(), e.RequestMessage.Headers!["webhook-id"].Single()));
    }

    [Fact]
    public async Task An_endpoint_that_is_down_for_a_while_gets_every_event_once_it_recovers()
    {
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        PartnerAnswers(503);
        var events = Enumerable.Range(0, 5).Select(_ => (Id: Guid.NewGuid(), Event: CaseOpenedIn("fjordby", submittedVia: "nordbank"))).ToList();
        foreach (var (id, opened) in events)
        {
            await _channels.Bus.Bus.Publish(opened, context => context.MessageId = id);
        }

        await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.Count == 5 && list.All(d => d.Attempts >= 2),
            "every delivery to have failed at least twice");
        PartnerAnswers(200);

        var deliveries = await Eventually.Until(() => _channels.DeliveriesAsync(subscription),
            list => list.Count == 5 && list.All(d => d.Status == "Delivered"), "every delivery to arrive after the endpoint recovered");
        Assert.Equal(events.Select(e => e.Id).Order(), deliveries.Select(d => d.EventId).Order());
        var received = _channels.Partner.LogEntries.Where(e => e.ResponseMessage.StatusCode is 200).Select(e => e.RequestMessage.Headers!["webhook-id"].Single());
        Assert.Equal(events.Select(e => e.Id.ToString()).Order(), received.Order());
    }

    [Fact]
    public async Task During_a_secret_rotation_both_the_old_and_the_new_secret_verify_a_delivery()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        using var rotation = await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/secret-rotation", new SecretRotation(OverlapHours: 2));
        var rotated = (await rotation.Content.ReadFromJsonAsync<RotatedSecret>())!;
        Assert.NotEqual(subscription.Secret, rotated.Secret);
        Assert.InRange(rotated.PreviousSecretExpiresAt, DateTimeOffset.UtcNow.AddHours(1.9), DateTimeOffset.UtcNow.AddHours(2.1));

        await _channels.Bus.Bus.Publish(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());

        await DeliveredAsync(subscription);
        var request = Assert.Single(_channels.Partner.LogEntries).RequestMessage;
        Assert.Equal(2, request.Headers!["webhook-signature"].Single().Split(' ').Length);
        foreach (var secret in new[] { subscription.Secret!, rotated.Secret })
        {
            Assert.True(new WebhookVerifier(secret).Verify(header => request.Headers[header].FirstOrDefault(), request.Body!).IsValid);
        }
    }

    [Fact]
    public async Task A_rotation_without_overlap_signs_with_the_new_secret_only()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        using var rotation = await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/secret-rotation", new SecretRotation(OverlapHours: 0));
        var rotated = (await rotation.Content.ReadFromJsonAsync<RotatedSecret>())!;

        await _channels.Bus.Bus.Publish(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());

        await DeliveredAsync(subscription);
        var request = Assert.Single(_channels.Partner.LogEntries).RequestMessage;
        Assert.True(new WebhookVerifier(rotated.Secret).Verify(header => request.Headers![header].FirstOrDefault(), request.Body!).IsValid);
        Assert.False(new WebhookVerifier(subscription.Secret!).Verify(header => request.Headers![header].FirstOrDefault(), request.Body!).IsValid);
    }

    [Fact]
    public async Task A_redelivered_case_opened_is_posted_to_the_partner_once()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var opened = CaseOpenedIn("fjordby", submittedVia: "nordbank");
        var messageId = Guid.NewGuid();

        await _channels.Mediator.Send(opened, context => context.MessageId = messageId);
        await _channels.Mediator.Send(opened, context => context.MessageId = messageId);

        await DeliveredAsync(subscription);
        Assert.Single(await _channels.DeliveriesAsync(subscription));
        Assert.Single(_channels.Partner.LogEntries);
    }

    [Fact]
    public async Task A_partner_hears_of_a_citizen_who_consented_but_not_of_one_who_did_not()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var consented = CaseOpenedIn("fjordby");
        var stranger = CaseOpenedIn("fjordby");
        var viaAnotherPartner = CaseOpenedIn("fjordby", submittedVia: "otherbank");
        await _channels.ConsentAsync("fjordby", consented.CitizenId);

        foreach (var opened in new[] { stranger, viaAnotherPartner, consented })
        {
            await _channels.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());
        }

        var delivered = await DeliveredAsync(subscription);
        Assert.Single(await _channels.DeliveriesAsync(subscription));
        using var body = JsonDocument.Parse(Assert.Single(_channels.Partner.LogEntries).RequestMessage.Body!);
        Assert.Equal(consented.CaseId.ToString(), body.RootElement.GetProperty("subject").GetString());
        Assert.Equal("case.opened", delivered.EventType);
    }

    [Fact]
    public async Task A_decision_on_the_partners_case_is_delivered_to_a_subscriber_of_case_decided()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby", WebhookEventTypes.CaseDecided);
        var opened = CaseOpenedIn("fjordby", submittedVia: "nordbank");
        var decided = new CaseDecided(new CaseReference(opened.CaseId, opened.CaseNumber, "fjordby", opened.FormKey, opened.FormTitle, opened.CitizenId, "nordbank"),
            "Approved", "The lamp is replaced.", "ingrid@fjordby.no", DateTimeOffset.UtcNow);

        await _channels.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());
        await _channels.Mediator.Send(decided, context => context.MessageId = Guid.NewGuid());

        var delivery = await DeliveredAsync(subscription);
        Assert.Equal("case.decided", delivery.EventType);
        using var body = JsonDocument.Parse(Assert.Single(_channels.Partner.LogEntries).RequestMessage.Body!);
        Assert.Equal("Approved", body.RootElement.GetProperty("data").GetProperty("outcome").GetString());
    }

    [Fact]
    public async Task A_terminated_agreement_stops_the_events()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var agreement = Assert.Single((await _channels.Nordbank.GetFromJsonAsync<List<Agreement>>("/partners/nordbank/agreements"))!);
        (await _channels.FjordbyAdmin.PostAsync($"/tenants/fjordby/agreements/{agreement.Id}/termination", null)).EnsureSuccessStatusCode();

        await _channels.Mediator.Send(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());

        Assert.Empty(await _channels.DeliveriesAsync(subscription));
    }

    [Fact]
    public async Task A_partner_hears_nothing_about_a_municipality_it_did_not_subscribe_to()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");

        await _channels.Mediator.Send(CaseOpenedIn("skogsberg", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());

        Assert.Empty(await _channels.DeliveriesAsync(subscription));
    }

    [Fact]
    public async Task A_partner_replays_one_event_and_then_a_time_range()
    {
        PartnerAnswers(200);
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var first = Guid.NewGuid();
        var second = Guid.NewGuid();
        var before = DateTimeOffset.UtcNow.AddSeconds(-1);
        await _channels.Mediator.Send(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = first);
        await _channels.Mediator.Send(CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = second);
        await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.Count == 2 && list.All(d => d.Status == "Delivered"), "both delivered");

        using (var one = await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/replay", new ReplayRequest(EventId: first)))
        {
            Assert.Equal(1, (await one.Content.ReadFromJsonAsync<ReplayResult>())!.Requeued);
        }

        await Eventually.Until(() => Task.FromResult(ReceivedIds()), ids => ids.Count(id => id == first.ToString()) == 2, "the first event sent again");

        using (var range = await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/replay", new ReplayRequest(From: before)))
        {
            Assert.Equal(2, (await range.Content.ReadFromJsonAsync<ReplayResult>())!.Requeued);
        }

        await Eventually.Until(() => Task.FromResult(ReceivedIds()), ids => ids.Count(id => id == first.ToString()) == 3 && ids.Count(id => id == second.ToString()) == 2,
            "both events sent again");
        await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/replay", new ReplayRequest(EventId: Guid.NewGuid())),
            System.Net.HttpStatusCode.NotFound, "no event");
        Assert.Empty((await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(
            $"/partners/nordbank/webhooks/{subscription.Id}/replay", new ReplayRequest()))).Keys.Except(["/eventId"]));
    }

    private List<string> ReceivedIds() =>
        _channels.Partner.LogEntries.Where(e => e.ResponseMessage.StatusCode is 200).Select(e => e.RequestMessage.Headers!["webhook-id"].Single()).ToList();

    private List<int> StatusCodesReceived() => _channels.Partner.LogEntries.Select(StatusOf).ToList();

    private static int StatusOf(ILogEntry entry) => Convert.ToInt32(entry.ResponseMessage.StatusCode);

    // One mapping, replaced on each call, so the endpoint's answer changes from one moment to the next.
    private static readonly Guid PartnerAnswer = Guid.NewGuid();

    private void PartnerAnswers(int status) =>
        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).WithGuid(PartnerAnswer)
            .RespondWith(Response.Create().WithStatusCode(status));

    private async Task<Delivery> DeliveredAsync(Subscription subscription)
    {
        var deliveries = await Eventually.Until(
            () => _channels.DeliveriesAsync(subscription),
            list => list.Count > 0 && list.All(d => d.Status == "Delivered"),
            $"the deliveries of subscription {subscription.Id} to be delivered");
        return deliveries[0];
    }

    internal static CaseOpened CaseOpenedIn(string tenantId, string? submittedVia = null)
    {
        var caseId = Guid.NewGuid();
        return new CaseOpened(caseId, $"{tenantId[..3].ToUpperInvariant()}-2026-{caseId.ToString("N")[..6].ToUpperInvariant()}", tenantId, Guid.NewGuid(),
            "street-light", "Report a broken street light", $"citizen-{Guid.NewGuid():N}", "Received", DateTimeOffset.UtcNow, SubmittedVia: submittedVia);
    }
}
