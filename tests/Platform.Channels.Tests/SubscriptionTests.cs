using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
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
        using var response = await _channels.Http.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened", "case.opened"]));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var subscription = await response.Content.ReadFromJsonAsync<SubscriptionView>();
        Assert.Equal(("nordbank", "fjordby", _channels.PartnerUrl), (subscription!.PartnerId, subscription.TenantId, subscription.Url));
        Assert.Equal(["case.opened"], subscription.EventTypes);
        Assert.Equal($"/partners/nordbank/webhooks/{subscription.Id}", response.Headers.Location?.OriginalString);
        Assert.Equal([subscription.Id], (await _channels.Http.GetFromJsonAsync<List<SubscriptionView>>("/partners/nordbank/webhooks"))!.Select(s => s.Id));
    }

    [Fact]
    public async Task A_subscription_with_a_bad_url_and_an_unknown_event_type_is_rejected_naming_both()
    {
        using var response = await _channels.Http.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", "ftp://127.0.0.1/hooks", ["case.closed"]));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/eventTypes/0", "/url"], errors.Keys.Order());
        Assert.Contains("case.closed", errors["/eventTypes/0"].Single());
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_subscription_without_a_municipality_url_or_event_types_is_rejected_naming_each()
    {
        using var response = await _channels.Http.PostAsJsonAsync("/partners/nordbank/webhooks", new SubscriptionRequest(null, "not a url", []));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/eventTypes", "/tenantId", "/url"], errors.Keys.Order());
    }

    [Fact]
    public async Task An_organisation_the_registry_does_not_know_cannot_subscribe()
    {
        using var response = await _channels.Http.PostAsJsonAsync("/partners/acme/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"]));

        await AssertPartnerNotFoundAsync(response, "acme");
        Assert.Contains(_channels.Identity.LogEntries, e => e.RequestMessage.Path == "/organisations/acme");
    }

    [Fact]
    public async Task A_subscription_to_a_municipality_the_registry_does_not_know_is_rejected_naming_the_tenant()
    {
        using var response = await _channels.Http.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("atlantis", _channels.PartnerUrl, ["case.opened"]));

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/tenantId"], errors.Keys);
        await AssertNoSubscriptionsAsync("nordbank");
    }

    [Fact]
    public async Task A_municipality_is_not_a_partner_and_cannot_subscribe()
    {
        using var response = await _channels.Http.PostAsJsonAsync("/partners/fjordby/webhooks",
            new SubscriptionRequest("fjordby", _channels.PartnerUrl, ["case.opened"]));

        await AssertPartnerNotFoundAsync(response, "fjordby");
    }

    [Fact]
    public async Task A_partner_cannot_read_the_deliveries_of_another_partners_subscription()
    {
        var subscription = await _channels.SubscribeNordbankAsync("fjordby");

        using var response = await _channels.Http.GetAsync($"/partners/acme/webhooks/{subscription.Id}/deliveries");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    private async Task AssertPartnerNotFoundAsync(HttpResponseMessage response, string partnerId)
    {
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Contains(partnerId, problem!.Detail);
        await AssertNoSubscriptionsAsync(partnerId);
    }

    private async Task AssertNoSubscriptionsAsync(string partnerId) =>
        Assert.Empty((await _channels.Http.GetFromJsonAsync<List<SubscriptionView>>($"/partners/{partnerId}/webhooks"))!);
}
