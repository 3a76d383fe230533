using System.Net;
using System.Net.Http.Json;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

public sealed class SubscriptionTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_partner_under_an_agreement_subscribes_gets_its_secret_once_and_is_active_after_its_endpoint_echoes_the_challenge()
    {
        await _channels.AgreeAsync("fjordby");

        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened", "case.opened"]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var subscription = (await response.Content.ReadFromJsonAsync<Subscription>())!;
        Assert.Equal(("nordbank", "fjordby", _channels.PartnerUrl, "PendingVerification"),
            (subscription.PartnerId, subscription.TenantId, subscription.Url, subscription.Status));
        Assert.Equal(["case.opened"], subscription.EventTypes);
        Assert.StartsWith("whsec_", subscription.Secret);
        Assert.Equal($"/partners/nordbank/webhooks/{subscription.Id}", response.Headers.Location?.OriginalString);

        using var verified = await _channels.Nordbank.PostAsync($"/partners/nordbank/webhooks/{subscription.Id}/verification", null);

        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        Assert.Equal("Active", (await verified.Content.ReadFromJsonAsync<Subscription>())!.Status);
        // The challenge was signed with the subscription's secret, so the partner could tell it came from the platform.
        var challenge = Assert.Single(_channels.Partner.LogEntries).RequestMessage;
        Assert.True(new WebhookVerifier(subscription.Secret!).Verify(h => challenge.Headers![h].FirstOrDefault(), challenge.Body!).IsValid);
        var listed = Assert.Single((await _channels.Nordbank.GetFromJsonAsync<List<Subscription>>("/partners/nordbank/webhooks"))!);
        Assert.Equal((subscription.Id, "Active", null), (listed.Id, listed.Status, listed.Secret));
    }

    [Fact]
    public async Task An_endpoint_that_does_not_echo_the_challenge_stays_unverified_and_hears_nothing()
    {
        await _channels.AgreeAsync("fjordby");
        var subscription = await SubscribeAsync();
        _channels.Partner.Given(Request.Create().WithPath(ChannelsHost.PartnerPath).UsingPost()).AtPriority(-20)
            .RespondWith(Response.Create().WithStatusCode(200).WithBody("ok"));

        await Problems.ExpectAsync(await _channels.Nordbank.PostAsync($"/partners/nordbank/webhooks/{subscription.Id}/verification", null),
            HttpStatusCode.UnprocessableEntity, "did not echo the challenge");

        Assert.Equal("PendingVerification", (await _channels.Nordbank.GetFromJsonAsync<Subscription>($"/partners/nordbank/webhooks/{subscription.Id}"))!.Status);
    }

    [Fact]
    public async Task Without_an_approved_agreement_nothing_is_subscribed()
    {
        using (var applied = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
                   new AgreementApplication("fjordby", ["street-light"], ["case.opened"], [])))
        {
            Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        }

        await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"])), HttpStatusCode.Forbidden, "no approved agreement");
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task An_event_type_the_agreement_does_not_grant_is_refused()
    {
        await _channels.AgreeAsync("fjordby", eventTypes: ["case.opened"]);

        await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened", "case.decided"])), HttpStatusCode.Forbidden, "case.decided");
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Theory]
    [InlineData("http://10.1.2.3/hooks", "private")]
    [InlineData("http://169.254.169.254/latest/meta-data", "link-local")]
    [InlineData("http://192.168.0.10:8080/hooks", "private")]
    [InlineData("http://[fd00::1]/hooks", "private")]
    public async Task A_url_inside_a_private_or_link_local_network_is_refused(string url, string reason)
    {
        await _channels.AgreeAsync("fjordby");

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", url, ["case.opened"])));

        Assert.Contains(reason, Assert.Single(errors["/url"]));
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_subscription_with_a_bad_url_and_an_unknown_event_type_is_rejected_naming_both()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", "ftp://127.0.0.1/hooks", ["case.closed"]));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/eventTypes/0", "/url"], errors.Keys.Order());
        Assert.Contains("case.closed", errors["/eventTypes/0"].Single());
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_subscription_without_a_municipality_url_or_event_types_is_rejected_naming_each()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks", new SubscriptionRequest(null, "not a url", []));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/eventTypes", "/tenantId", "/url"], errors.Keys.Order());
    }

    [Fact]
    public async Task A_partner_cannot_read_the_deliveries_of_another_partners_subscription()
    {
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");

        using var response = await _channels.PartnerClient("acme").GetAsync($"/partners/acme/webhooks/{subscription.Id}/deliveries");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_partner_cannot_manage_another_partners_webhooks()
    {
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");
        var otherbank = _channels.PartnerClient("otherbank");

        await AssertPartnerNotFoundAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/otherbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"])), "otherbank");
        await AssertPartnerNotFoundAsync(await _channels.Nordbank.GetAsync("/partners/otherbank/webhooks"), "otherbank");
        await AssertPartnerNotFoundAsync(await otherbank.GetAsync("/partners/nordbank/webhooks"), "nordbank");
        await AssertPartnerNotFoundAsync(await otherbank.GetAsync($"/partners/nordbank/webhooks/{subscription.Id}/deliveries"), "nordbank");
        await AssertPartnerNotFoundAsync(await otherbank.PostAsJsonAsync($"/partners/nordbank/webhooks/{subscription.Id}/secret-rotation", new SecretRotation()), "nordbank");
        Assert.Equal(HttpStatusCode.NotFound, (await otherbank.PostAsJsonAsync($"/partners/otherbank/webhooks/{subscription.Id}/replay",
            new ReplayRequest(From: DateTimeOffset.UtcNow.AddDays(-1)))).StatusCode);
        Assert.Equal([subscription.Id], (await _channels.StoredSubscriptionsAsync()).Select(s => s.Id));
    }

    [Fact]
    public async Task Without_a_token_nothing_is_subscribed()
    {
        await Problems.ExpectAsync(await _channels.Anonymous.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"])), HttpStatusCode.Unauthorized, "access token is required");
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_token_for_another_api_subscribes_nothing()
    {
        var elsewhere = _channels.As(_channels.Tokens.Issue(new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = "nordbank-client", [PlatformClaims.Party] = Parties.Partner, [PlatformClaims.Organisation] = "nordbank",
            [PlatformClaims.Scope] = Scopes.WebhooksManage,
        }, audiences: ["elsewhere"]));

        await Problems.ExpectAsync(await elsewhere.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"])), HttpStatusCode.Unauthorized, "wrong audience");
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_partner_without_webhooks_manage_subscribes_nothing()
    {
        var dataOnly = _channels.As(_channels.Tokens.Partner("nordbank", Scopes.DataWrite));

        await Problems.ExpectAsync(await dataOnly.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"])), HttpStatusCode.Forbidden, "party, role or scope");
        await AssertNoSubscriptionsAsync("nordbank");
    }

    private async Task<Subscription> SubscribeAsync()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"]));
        response.EnsureSuccessStatusCode();
        return (await response.Content.ReadFromJsonAsync<Subscription>())!;
    }

    private static Task AssertPartnerNotFoundAsync(HttpResponseMessage response, string partnerId) =>
        Problems.ExpectAsync(response, HttpStatusCode.NotFound, partnerId);

    private async Task AssertNoSubscriptionsAsync(string partnerId) =>
        Assert.DoesNotContain(await _channels.StoredSubscriptionsAsync(), s => s.PartnerId == partnerId);
}
