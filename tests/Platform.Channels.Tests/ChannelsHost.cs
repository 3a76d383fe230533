using System.Net.Http.Json;
using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Consents;
using Platform.Channels.Webhooks;
using Platform.Contracts.Identity;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Security;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;
using WireMock.Settings;

namespace Platform.Channels.Tests;

/// <summary>
/// The channels service on an in-memory bus, trusting a test issuer for its callers' tokens, with WireMock standing
/// in for the identity service's registry (which knows nordbank and otherbank as partners and fjordby and skogsberg
/// as municipalities), for the forms service, and for the partner's webhook endpoint, which echoes verification
/// challenges as a partner's would. Given another host, it is a second replica of the service on that host's database.
/// </summary>
public sealed class ChannelsHost : IAsyncDisposable
{
    public const string PartnerPath = "/hooks/platform";

    private readonly InMemoryBusHost<ChannelsDb> _host;
    private readonly List<HttpClient> _clients = [];

    public ChannelsHost(IDictionary<string, string?>? settings = null, ChannelsHost? replicaOf = null)
    {
        Identity = StartOnLoopback();
        foreach (var (id, kind) in new[] { ("nordbank", "Partner"), ("otherbank", "Partner"), ("fjordby", "Municipality"), ("skogsberg", "Municipality") })
        {
            Identity.Given(Request.Create().WithPath($"/organisations/{id}").UsingGet()).AtPriority(1)
                .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                    .WithBody($$"""{"id":"{{id}}","name":"{{id}}","kind":"{{kind}}","country":"NO"}"""));
        }

        Identity.Given(Request.Create().WithPath("/organisations/*").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(404).WithHeader("Content-Type", "application/problem+json")
                .WithBody("""{"title":"Organisation not found","status":404}"""));

        Forms = StartOnLoopback();
        Partner = StartOnLoopback();
        EchoVerificationChallenges();

        var configuration = new Dictionary<string, string?>(Tokens.Settings)
        {
            ["Services:identity"] = Identity.Url,
            ["Services:forms"] = Forms.Url,
            // Fast retries and polling keep a multi-attempt delivery within a test's patience.
            ["Webhooks:RetryBaseDelay"] = "00:00:00.050",
            ["Webhooks:MaxRetryDelay"] = "00:00:00.400",
            ["Webhooks:PollInterval"] = "00:00:00.050",
            // The partner's endpoint is WireMock on loopback.
            ["Webhooks:AllowLoopback"] = "true",
        };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        _host = new InMemoryBusHost<ChannelsDb>(configuration, mediator =>
        {
            mediator.AddConsumer<QueueWebhooksOnCaseOpened>();
            mediator.AddConsumer<QueueWebhooksOnCaseDecided>();
            mediator.AddConsumer<RecordConsentGranted>();
            mediator.AddConsumer<RecordConsentRevoked>();
        }, replicaOf?._host);
        Nordbank = PartnerClient("nordbank");
        FjordbyAdmin = As(Tokens.CivilServant("fjordby", Roles.TenantAdmin));
    }

    public TestIdentityProvider Tokens { get; } = new();

    public WireMockServer Identity { get; }

    /// <summary>The forms service, as channels reaches it.</summary>
    public WireMockServer Forms { get; }

    public WireMockServer Partner { get; }

    public string PartnerUrl => Partner.Url + PartnerPath;

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous => _host.Http;

    /// <summary>Nordbank, with a token that may manage webhooks, push data and submit forms.</summary>
    public HttpClient Nordbank { get; }

    /// <summary>Fjordby's tenant admin, who approves agreements and publishes data schemas.</summary>
    public HttpClient FjordbyAdmin { get; }

    public ServiceHost<ChannelsDb> Host => _host.Host;

    public ITestHarness Bus => _host.Bus;

    public IMediator Mediator => _host.Mediator;

    /// <summary>The partner applies and the municipality's admin approves exactly what was asked.</summary>
    public async Task<Agreement> AgreeAsync(string tenantId, string partnerId = "nordbank", string[]? formKeys = null, string[]? eventTypes = null,
        string[]? dataSchemas = null)
    {
        var partner = partnerId == "nordbank" ? Nordbank : PartnerClient(partnerId);
        var application = new AgreementApplication(tenantId, [.. formKeys ?? ["street-light"]], [.. eventTypes ?? [WebhookEventTypes.CaseOpened, WebhookEventTypes.CaseDecided]],
            [.. dataSchemas ?? ["meter-readings"]], "Tests");
        using var applied = await partner.PostAsJsonAsync($"/partners/{partnerId}/agreements", application);
        applied.EnsureSuccessStatusCode();
        var agreement = (await applied.Content.ReadFromJsonAsync<Agreement>())!;

        using var admin = As(Tokens.CivilServant(tenantId, Roles.TenantAdmin));
        using var approved = await admin.PostAsJsonAsync($"/tenants/{tenantId}/agreements/{agreement.Id}/approval",
            new { application.FormKeys, application.EventTypes, application.DataSchemas });
        approved.EnsureSuccessStatusCode();
        return (await approved.Content.ReadFromJsonAsync<Agreement>())!;
    }

    /// <summary>Nordbank under an agreement with <paramref name="tenantId"/>, subscribed and verified; the answer carries the secret.</summary>
    public async Task<Subscription> SubscribeNordbankAsync(string tenantId, params string[] eventTypes)
    {
        await AgreeAsync(tenantId);
        using var response = await Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest(tenantId, PartnerUrl, [.. eventTypes.Length > 0 ? eventTypes : [WebhookEventTypes.CaseOpened]]));
        response.EnsureSuccessStatusCode();
        var subscription = (await response.Content.ReadFromJsonAsync<Subscription>())!;

        using var verified = await Nordbank.PostAsync($"/partners/nordbank/webhooks/{subscription.Id}/verification", null);
        verified.EnsureSuccessStatusCode();
        // From here on the partner's log holds deliveries only.
        Partner.ResetLogEntries();
        return subscription;
    }

    /// <summary>Identity tells channels the citizen consented, as ConsentGranted would arrive from the bus.</summary>
    public async Task<ConsentGranted> ConsentAsync(string tenantId, string citizenId, string partnerId = "nordbank", params string[] formKeys)
    {
        var granted = new ConsentGranted(Guid.NewGuid(), citizenId, partnerId, tenantId, formKeys.Length > 0 ? formKeys : ["street-light"],
            DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow);
        await Mediator.Send(granted, context => context.MessageId = Guid.NewGuid());
        return granted;
    }

    public async Task<List<Delivery>> DeliveriesAsync(Subscription subscription) =>
        (await Nordbank.GetFromJsonAsync<List<Delivery>>($"/partners/nordbank/webhooks/{subscription.Id}/deliveries"))!;

    /// <summary>An organisation's client, with a token that may manage webhooks, push data and submit forms.</summary>
    public HttpClient PartnerClient(string organisationId) =>
        As(Tokens.Partner(organisationId, Scopes.WebhooksManage, Scopes.DataWrite, Scopes.FormsSubmit));

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
        Forms.Stop();
        Partner.Stop();
        Tokens.Dispose();
    }

    /// <summary>A partner endpoint answers the verification CloudEvent with its challenge, before anything else it is set up to answer.</summary>
    private void EchoVerificationChallenges() =>
        Partner.Given(Request.Create().WithPath(PartnerPath).UsingPost().WithBody(new WildcardMatcher($"*\"{WebhookEventTypes.Verification}\"*")))
            .AtPriority(-10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("{\"challenge\":\"{{JsonPath.SelectToken request.body '$.data.challenge'}}\"}").WithTransformer());

    private static WireMockServer StartOnLoopback() =>
        WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
}
