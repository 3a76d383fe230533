using System.Net.Http.Json;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Webhooks;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;
using WireMock.Settings;
using static Platform.Channels.Webhooks.SubscriptionEndpoints;

namespace Platform.Channels.Tests;

/// <summary>
/// The channels service on an in-memory bus, trusting a test issuer for its callers' tokens, with WireMock standing
/// in for the identity service's registry (which knows nordbank as a partner and fjordby as a municipality) and for
/// the partner's webhook endpoint.
/// </summary>
public sealed class ChannelsHost : IAsyncDisposable
{
    public const string PartnerPath = "/hooks/platform";

    private readonly InMemoryBusHost<ChannelsDb> _host;
    private readonly List<HttpClient> _clients = [];

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
            new Dictionary<string, string?>(Tokens.Settings)
            {
                ["Services:identity"] = Identity.Url,
                // Fast retries and polling keep a three-attempt delivery within a test's patience.
                ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
                ["Webhooks:PollInterval"] = "00:00:00.050",
            },
            mediator => mediator.AddConsumer<QueueWebhooksOnCaseOpened>());
        Nordbank = PartnerClient("nordbank");
    }

    public TestIdentityProvider Tokens { get; } = new();

    public WireMockServer Identity { get; }

    public WireMockServer Partner { get; }

    public string PartnerUrl => Partner.Url + PartnerPath;

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous => _host.Http;

    /// <summary>Nordbank, with a token that may manage its webhooks.</summary>
    public HttpClient Nordbank { get; }

    public ITestHarness Bus => _host.Bus;

    public IMediator Mediator => _host.Mediator;

    public async Task<SubscriptionView> SubscribeNordbankAsync(string tenantId)
    {
        using var response = await Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest(tenantId, PartnerUrl, [QueueWebhooksOnCaseOpened.EventType]));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<SubscriptionView>())!;
    }

    public async Task<List<DeliveryView>> DeliveriesAsync(SubscriptionView subscription) =>
        (await Nordbank.GetFromJsonAsync<List<DeliveryView>>($"/partners/nordbank/webhooks/{subscription.Id}/deliveries"))!;

    /// <summary>An organisation's client, with a token that may manage webhooks.</summary>
    public HttpClient PartnerClient(string organisationId) => As(Tokens.Partner(organisationId, Scopes.WebhooksManage));

    public HttpClient As(string token)
    {
        var client = _host.Host.CreateClient().WithToken(token);
        _clients.Add(client);
        return client;
    }

    /// <summary>Every subscription in the service's database, whoever's and wherever.</summary>
    public Task<List<WebhookSubscription>> StoredSubscriptionsAsync() => _host.Host.InScopeAsync((ChannelsDb db) => db.Subscriptions.ToListAsync());

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _host.DisposeAsync();
        Identity.Stop();
        Partner.Stop();
        Tokens.Dispose();
    }

    private static WireMockServer StartOnLoopback() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
}
