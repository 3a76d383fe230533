using System.Net;
using System.Net.Http.Json;
using Platform.ServiceDefaults.Security;
using static Platform.Channels.Webhooks.SubscriptionEndpoints;

namespace Platform.Channels.Tests;

public sealed class SubscriptionTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_partner_subscribes_to_a_municipalitys_case_events_and_sees_its_subscription()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened", "case.opened"]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var subscription = await response.Content.ReadFromJsonAsync<SubscriptionView>();
        Assert.Equal(("nordbank", "fjordby", _channels.PartnerUrl), (subscription!.PartnerId, subscription.TenantId, subscription.Url));
        Assert.Equal(["case.opened"], subscription.EventTypes);
        Assert.Equal($"/partners/nordbank/webhooks/{subscription.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal([subscription.Id], (await _channels.Nordbank.GetFromJsonAsync<List<SubscriptionView>>("/partners/nordbank/webhooks"))!.Select(s => s.Id));
        // Checking nordbank and fjordby in the registry, channels called identity with its own token.
        Assert.NotEmpty(_channels.Identity.LogEntries);
        Assert.All(_channels.Identity.LogEntries, e => Assert.StartsWith("Bearer ", e.RequestMessage.Headers!["Authorization"].Single()));
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
    public async Task An_organisation_the_registry_does_not_know_cannot_subscribe()
    {
        using var response = await _channels.PartnerClient("acme").PostAsJsonAsync("/partners/acme/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"]));

        await AssertPartnerNotFoundAsync(response, "acme");
        await AssertNoSubscriptionsAsync("acme");
        Assert.Contains(_channels.Identity.LogEntries, e => e.RequestMessage.Path == "/organisations/acme");
    }

    [Fact]
    public async Task A_subscription_to_a_municipality_the_registry_does_not_know_is_rejected_naming_the_tenant()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("atlantis", _channels.PartnerUrl, ["case.opened"]));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/tenantId"], errors.Keys);
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_municipality_is_not_a_partner_and_cannot_subscribe()
    {
        using var response = await _channels.PartnerClient("fjordby").PostAsJsonAsync("/partners/fjordby/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"]));

        await AssertPartnerNotFoundAsync(response, "fjordby");
        await AssertNoSubscriptionsAsync("fjordby");
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

    private static Task AssertPartnerNotFoundAsync(HttpResponseMessage response, string partnerId) =>
        Problems.ExpectAsync(response, HttpStatusCode.NotFound, partnerId);

    private async Task AssertNoSubscriptionsAsync(string partnerId) =>
        Assert.DoesNotContain(await _channels.StoredSubscriptionsAsync(), s => s.PartnerId == partnerId);
}
