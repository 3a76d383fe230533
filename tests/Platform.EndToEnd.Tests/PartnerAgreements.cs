using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Channels;
using Platform.Partners.Sdk;
using WireMock.Matchers;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.EndToEnd.Tests;

/// <summary>Nordbank as Fjordby's channel: its agreement, approved by Fjordby's own admin, and its verified webhook endpoints.</summary>
public static class PartnerAgreements
{
    /// <summary>Applies (or finds the open application, since the tests share one network) and approves what is asked.</summary>
    public static async Task<Agreement> AgreeWithFjordbyAsync(this PlatformFixture platform, HttpClient bank, string[] formKeys, string[] eventTypes, string[] dataSchemas)
    {
        const string tenantId = "fjordby";
        using var applied = await bank.PostAsJsonAsync("/api/channels/partners/nordbank/agreements",
            new AgreementApplication(tenantId, [.. formKeys], [.. eventTypes], [.. dataSchemas], "End-to-end tests"));
        Assert.True(applied.StatusCode is HttpStatusCode.Created or HttpStatusCode.Conflict, $"applying answered {(int)applied.StatusCode}");
        var agreement = (await bank.GetFromJsonAsync<List<Agreement>>("/api/channels/partners/nordbank/agreements"))!
            .Single(a => a.TenantId == tenantId && a.Status != "Terminated");

        using var admin = platform.As(await platform.CivilServantTokenAsync("admin@fjordby.no"));
        using var approved = await admin.PostAsJsonAsync($"/api/channels/tenants/{tenantId}/agreements/{agreement.Id}/approval", new
        {
            formKeys = agreement.FormKeys.Union(formKeys),
            eventTypes = agreement.EventTypes.Union(eventTypes),
            dataSchemas = agreement.DataSchemas.Union(dataSchemas),
        });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        return (await approved.Content.ReadFromJsonAsync<Agreement>(JsonSerializerOptions.Web))!;
    }

    /// <summary>
    /// Subscribes the partner endpoint (WireMock) at <paramref name="hookPath"/>, which echoes the verification
    /// challenge as a partner's would, and verifies it; the answer carries the signing secret.
    /// </summary>
    public static async Task<Subscription> SubscribeVerifiedAsync(this PlatformFixture platform, HttpClient bank, string hookPath, params string[] eventTypes)
    {
        platform.Partner.Given(Request.Create().WithPath(hookPath).UsingPost().WithBody(new WildcardMatcher($"*\"{WebhookEventTypes.Verification}\"*")))
            .AtPriority(-10)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                .WithBody("{\"challenge\":\"{{JsonPath.SelectToken request.body '$.data.challenge'}}\"}").WithTransformer());
        using var subscribed = await bank.PostAsJsonAsync("/api/channels/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", platform.Partner.Url + hookPath, [.. eventTypes]));
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);
        var subscription = (await subscribed.Content.ReadFromJsonAsync<Subscription>())!;
        using var verified = await bank.PostAsync($"/api/channels/partners/nordbank/webhooks/{subscription.Id}/verification", null);
        Assert.Equal(HttpStatusCode.OK, verified.StatusCode);
        return subscription;
    }

    /// <summary>
    /// The citizen behind <paramref name="citizen"/> lets Nordbank act for them on Fjordby's <paramref name="formKeys"/> for a day,
    /// and channels has heard of it. Disposing revokes it, so no other test of the shared network finds the citizen consenting.
    /// </summary>
    public static async Task<IAsyncDisposable> ConsentToNordbankAsync(this PlatformFixture platform, HttpClient citizen, params string[] formKeys)
    {
        using var granted = await citizen.PostAsJsonAsync("/api/identity/tenants/fjordby/consents",
            new { partnerId = "nordbank", formKeys, expiresAt = DateTimeOffset.UtcNow.AddDays(1) });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var consentId = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();
        await Eventually.Until(() => platform.Channels.InScopeAsync((ChannelsDb db) => db.Consents.AnyAsync(c => c.ConsentId == consentId)),
            known => known, "channels to learn of the citizen's consent");
        return new Revocation(citizen, consentId);
    }

    private sealed class Revocation(HttpClient citizen, Guid consentId) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => (await citizen.DeleteAsync($"/api/identity/citizens/me/consents/{consentId}")).EnsureSuccessStatusCode();
    }

    /// <summary>Whether a webhook request is a delivery (not the endpoint's verification challenge).</summary>
    public static bool IsDelivery(string? body) => body is not null && !body.Contains($"\"{WebhookEventTypes.Verification}\"");
}
