using System.Net.Http.Json;
using MassTransit.Mediator;
using MassTransit.Testing;
using Platform.Channels.Webhooks;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;
using WireMock.Settings;
using static Platform.Channels.Webhooks.SubscriptionEndpoints;

namespace Platform.Channels.Tests;

/// <summary>
/// The channels service on an in-memory bus, with WireMock standing in for the identity service (which knows
/// nordbank as a partner and fjordby as a municipality) and for the partner's webhook endpoint.
/// </summary>
public sealed class ChannelsHost : IAsyncDisposable
{
    public const string PartnerPath = "/hooks/platform";

    private readonly InMemoryBusHost<ChannelsDb> _host;

    public ChannelsHost()
    {
        Identity = StartOnLoopback();
        Identity.Given(Request.Create().WithPath("/organisations/nordbank").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"nordbank","name":"Nordbank ASA","kind":"Partner","country":"NO"}"""));
        Identity.Given(Request.Create().WithPath("/organisations/fjordby").UsingGet()).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"id":"fjordby","name":"Fjordby kommune","kind":"Municipality","country":"NO"}"""));
        Identity.Given(Request.Create().WithPath("/organisations/*").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"Organisation not found","status":404}"""));

        Partner = StartOnLoopback();

        _host = new InMemoryBusHost<ChannelsDb>(
            new Dictionary<string, string?>
            {
                ["Services:identity"] = Identity.Url,
                // Fast retries and polling keep a three-attempt delivery within a test's patience.
                ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
                ["Webhooks:PollInterval"] = "00:00:00.050",
            },
            mediator => mediator.AddConsumer<QueueWebhooksOnCaseOpened>());
    }

    public WireMockServer Identity { get; }

    public WireMockServer Partner { get; }

    public string PartnerUrl => Partner.Url + PartnerPath;

    public HttpClient Http => _host.Http;

    public ITestHarness Bus => _host.Bus;

    public IMediator Mediator => _host.Mediator;

    public async Task<SubscriptionView> SubscribeNordbankAsync(string tenantId)
    {
        using var response = await Http.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest(tenantId, PartnerUrl, [QueueWebhooksOnCaseOpened.EventType]));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SubscriptionView>())!;
    }

    public async Task<List<DeliveryView>> DeliveriesAsync(SubscriptionView subscription) =>
        (await Http.GetFromJsonAsync<List<DeliveryView>>($"/partners/nordbank/webhooks/{subscription.Id}/deliveries"))!;

    public async ValueTask DisposeAsync()
    {
        await _host.DisposeAsync();
        Identity.Stop();
        Partner.Stop();
    }

    private static WireMockServer StartOnLoopback() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
}
