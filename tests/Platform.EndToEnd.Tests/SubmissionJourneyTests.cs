using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// One submission's way through the network, seen only from the gateway: forms validates and stores it,
/// cases opens a case, notifications tells the citizen, channels tells the subscribed partner.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class SubmissionJourneyTests(PlatformFixture platform) : IAsyncLifetime
{
    private const string Tenant = "fjordby";
    private const string Citizen = "citizen-kari";
    private readonly string _hookPath = $"/hooks/{Guid.NewGuid():N}";

    private HttpClient _citizen = null!;
    private HttpClient _caseworker = null!;
    private IAsyncDisposable _consent = null!;

    public async Task InitializeAsync()
    {
        _citizen = platform.As(await platform.CitizenTokenAsync(Citizen));
        _caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));

        platform.Partner.Given(Request.Create().WithPath(_hookPath).UsingPost()).RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200));
        // A partner hears of a case only under Fjordby's agreement, on a verified endpoint, and while the citizen consents.
        using var bank = platform.As(await platform.PartnerTokenAsync(Scopes.WebhooksManage));
        await platform.AgreeWithFjordbyAsync(bank, ["street-light"], ["case.opened"], []);
        await platform.SubscribeVerifiedAsync(bank, _hookPath, "case.opened");
        _consent = await platform.ConsentToNordbankAsync(_citizen, "street-light");
    }

    public async Task DisposeAsync()
    {
        await _consent.DisposeAsync();
        _citizen.Dispose();
        _caseworker.Dispose();
    }

    [Fact]
    public async Task A_valid_submission_becomes_a_case_a_notice_in_the_citizens_inbox_and_a_webhook_to_the_partner()
    {
        var submissionId = await SubmitStreetLightReport();

        var @case = await Eventually.Until(() => CasesOf(submissionId), cases => cases.Count == 1, "the case of the submission");
        var caseId = @case[0].GetProperty("id").GetGuid();
        Assert.Equal("Received", @case[0].GetProperty("status").GetString());
        Assert.Equal(Citizen, @case[0].GetProperty("citizenId").GetString());

        var notices = await Eventually.Until(() => NoticesAbout(caseId), found => found.Count > 0, "a notice in the citizen's inbox");
        var notice = Assert.Single(notices);
        Assert.Contains(@case[0].GetProperty("caseNumber").GetString()!, notice.GetProperty("body").GetString());

        var webhook = Assert.Single(await Eventually.Until(() => Task.FromResult(WebhooksAbout(submissionId)), calls => calls.Count > 0, "the partner's webhook call"));
        Assert.Equal("case.opened", webhook.GetProperty("type").GetString());
        Assert.Equal("1.0", webhook.GetProperty("specversion").GetString());
        Assert.Equal(caseId, webhook.GetProperty("data").GetProperty("caseId").GetGuid());
    }

    [Fact]
    public async Task An_invalid_submission_is_refused_naming_the_field_and_leaves_no_case_notice_or_webhook()
    {
        var submissionsBefore = (await Submissions()).Count;
        var casesBefore = (await CitizensCases()).Count;
        var noticesBefore = (await Inbox()).Count;

        var refused = await _citizen.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", new
        {
            data = new { location = new { latitude = 123.4, longitude = 10.7 } },
        });

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var problem = await refused.Content.ReadFromJsonAsync<JsonElement>();
        var errors = problem.GetProperty("errors");
        Assert.True(errors.TryGetProperty("/data/location/latitude", out _), $"expected /data/location/latitude in {errors}");
        Assert.True(errors.TryGetProperty("/data/description", out _), $"expected /data/description in {errors}");

        // A valid submission from the same citizen follows the same path through the broker. Once its
        // case, notice and webhook have arrived, anything the refused one had caused would be visible too.
        var sentinel = await SubmitStreetLightReport();
        var sentinelCase = await Eventually.Until(() => CasesOf(sentinel), cases => cases.Count == 1, "the later valid submission's case");
        await Eventually.Until(() => NoticesAbout(sentinelCase[0].GetProperty("id").GetGuid()), notices => notices.Count > 0, "the later valid submission's notice");
        await Eventually.Until(() => Task.FromResult(WebhooksAbout(sentinel)), calls => calls.Count > 0, "the later valid submission's webhook");

        Assert.Equal(submissionsBefore + 1, (await Submissions()).Count);
        Assert.Equal(casesBefore + 1, (await CitizensCases()).Count);
        Assert.Equal(noticesBefore + 1, (await Inbox()).Count);
        Assert.Single(platform.Partner.LogEntries, entry => entry.RequestMessage.Path == _hookPath && PartnerAgreements.IsDelivery(entry.RequestMessage.Body));
    }

    [Fact]
    public async Task The_same_FormSubmitted_delivered_twice_opens_one_case()
    {
        var submitted = new FormSubmitted(Guid.NewGuid(), Tenant, "street-light", 1, "Report a broken street light", Citizen,
            JsonSerializer.SerializeToElement(new { description = "Lamp out at the harbour" }), DateTimeOffset.UtcNow);
        Guid[] deliveries = [Guid.NewGuid(), Guid.NewGuid()];

        // Published twice onto the real broker, as a publisher that crashed before marking its outbox row sent would.
        var bus = platform.Forms.Services.GetRequiredService<IBus>();
        foreach (var messageId in deliveries)
        {
            await bus.Publish(submitted, context => context.MessageId = messageId);
        }

        await Eventually.Until(
            () => platform.Cases.HandledCountAsync(deliveries),
            handled => handled == deliveries.Length,
            "cases to have handled both deliveries");

        var cases = await CasesOf(submitted.SubmissionId);
        Assert.Single(cases);
    }

    private async Task<Guid> SubmitStreetLightReport()
    {
        var response = await _citizen.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", new
        {
            data = new
            {
                location = new { latitude = 59.91, longitude = 10.75, address = "Havnegata 1" },
                poleNumber = "FJ-0042",
                description = "The street light by the harbour has been dark for three nights.",
            },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = await response.Content.ReadFromJsonAsync<JsonElement>();
        return receipt.GetProperty("submissionId").GetGuid();
    }

    private async Task<List<JsonElement>> CasesOf(Guid submissionId) =>
        (await _caseworker.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/{Tenant}/cases?submissionId={submissionId}"))!;

    private async Task<List<JsonElement>> CitizensCases() =>
        (await _citizen.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/{Tenant}/cases?limit=200"))!;

    private async Task<List<JsonElement>> Submissions() =>
        (await _citizen.GetFromJsonAsync<List<JsonElement>>($"/api/forms/tenants/{Tenant}/submissions?limit=200"))!;

    private async Task<List<JsonElement>> Inbox() =>
        (await _citizen.GetFromJsonAsync<List<JsonElement>>("/api/notifications/citizens/me/inbox?limit=200"))!;

    private async Task<List<JsonElement>> NoticesAbout(Guid caseId) =>
        [.. (await Inbox()).Where(notice => notice.TryGetProperty("caseId", out var id) && id.ValueKind == JsonValueKind.String && id.GetGuid() == caseId)];

    private List<JsonElement> WebhooksAbout(Guid submissionId) =>
        platform.Partner.LogEntries
            .Where(entry => entry.RequestMessage.Path == _hookPath && entry.RequestMessage.Body is { } body && body.Contains(submissionId.ToString()))
            .Select(entry => JsonSerializer.Deserialize<JsonElement>(entry.RequestMessage.Body!))
            .ToList();
}
