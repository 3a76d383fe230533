using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;
using WireMock.Server;
using WireMock.Settings;

namespace Platform.Channels.Tests;

/// <summary>
/// A partner's program using the SDK against the channels service: its token comes by client credentials from the
/// token endpoint named in the issuer's discovery document (WireMock here), and every call goes through the typed client.
/// </summary>
public sealed class PartnerSdkTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();
    private readonly WireMockServer _issuer = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
    private ServiceProvider _partnerApp = null!;

    public Task InitializeAsync()
    {
        _issuer.Given(Request.Create().WithPath("/.well-known/openid-configuration").UsingGet()).RespondWith(Response.Create()
            .WithHeader("Content-Type", "application/json")
            .WithBody(JsonSerializer.Serialize(new Dictionary<string, object>
            {
                ["issuer"] = _issuer.Url + "/",
                ["token_endpoint"] = $"{_issuer.Url}/connect/token",
                ["jwks_uri"] = $"{_issuer.Url}/.well-known/jwks",
            })));
        _issuer.Given(Request.Create().WithPath("/.well-known/jwks").UsingGet())
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("""{"keys":[]}"""));
        _issuer.Given(Request.Create().WithPath("/connect/token").UsingPost()
                .WithBody(b => b != null && b.Contains("grant_type=client_credentials"))
                // client_secret_basic: "nordbank-client:nordbank-demo-secret"
                .WithHeader("Authorization", "Basic bm9yZGJhbmstY2xpZW50Om5vcmRiYW5rLWRlbW8tc2VjcmV0"))
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new
            {
                access_token = _channels.Tokens.Partner("nordbank", Scopes.FormsSubmit, Scopes.WebhooksManage, Scopes.DataWrite),
                token_type = "Bearer",
                expires_in = 3600,
            })));

        var services = new ServiceCollection();
        services.AddPartnerChannelsClient(options =>
            {
                options.Issuer = _issuer.Url + "/";
                options.ChannelsApi = "http://channels.test";
                options.ClientId = "nordbank-client";
                options.ClientSecret = "nordbank-demo-secret";
            })
            .ConfigurePrimaryHttpMessageHandler(() => _channels.Host.Server.CreateHandler());
        _partnerApp = services.BuildServiceProvider();
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _partnerApp.DisposeAsync();
        _issuer.Stop();
        await _channels.DisposeAsync();
    }

    [Fact]
    public async Task A_partner_applies_subscribes_verifies_submits_and_pushes_data_through_the_sdk_with_one_token()
    {
        var api = _partnerApp.GetRequiredService<IChannelsApi>();

        var agreement = await api.ApplyAsync("nordbank", new AgreementApplication("fjordby", ["street-light"], ["case.opened"], ["meter-readings"]));
        Assert.Equal("Pending", agreement.Status);
        (await _channels.FjordbyAdmin.PostAsJsonAsync($"/tenants/fjordby/agreements/{agreement.Id}/approval",
            new { formKeys = agreement.FormKeys, eventTypes = agreement.EventTypes, dataSchemas = agreement.DataSchemas })).EnsureSuccessStatusCode();

        var subscription = await api.SubscribeAsync("nordbank", new SubscriptionRequest("fjordby", _channels.PartnerUrl, [WebhookEventTypes.CaseOpened]));
        Assert.Equal("Active", (await api.VerifyAsync("nordbank", subscription.Id)).Status);

        await _channels.ConsentAsync("fjordby", "citizen-kari");
        _channels.Forms.Given(Request.Create().WithPath("/tenants/fjordby/forms/street-light/submissions").UsingPost()).RespondWith(Response.Create()
            .WithStatusCode(201).WithHeader("Content-Type", "application/json")
            .WithBody("""{"submissionId":"6f0c7a52-2c43-4f0e-9d53-1f6f1c3f4a11","tenantId":"fjordby","formKey":"street-light","formVersion":3,"submittedAt":"2026-11-25T10:00:00+00:00"}"""));
        var submitted = await api.SubmitAsync("nordbank", "fjordby", "street-light",
            new CitizenSubmission("citizen-kari", JsonSerializer.Deserialize<JsonElement>("""{"description":"Dark since Monday"}""")), idempotencyKey: "sdk-1");
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        Assert.Equal(3, submitted.Content!.FormVersion);

        (await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/meter-readings", new
        {
            title = "Meter readings",
            schema = JsonSerializer.Deserialize<JsonElement>("""{"type":"object","required":["kwh"],"properties":{"kwh":{"type":"number"}}}"""),
        })).EnsureSuccessStatusCode();
        var refused = await api.PushAsync("nordbank", "fjordby", "meter-readings",
            new DataRecordRequest("citizen-kari", null, JsonSerializer.Deserialize<JsonElement>("""{"kwh":"lots"}""")));
        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal(["/data/kwh"], Assert.IsType<Refit.ValidationApiException>(refused.Error).Content!.Errors.Keys);
        var pushed = await api.PushAsync("nordbank", "fjordby", "meter-readings",
            new DataRecordRequest("citizen-kari", null, JsonSerializer.Deserialize<JsonElement>("""{"kwh":12.5}""")));
        Assert.Equal(HttpStatusCode.Created, pushed.StatusCode);

        Assert.Single(await api.SubscriptionsAsync("nordbank"));
        // One discovery and one token served every call.
        Assert.Single(_issuer.LogEntries, e => e.RequestMessage.Path == "/connect/token");
    }
}
