using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Partners.Sdk;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A bank as a private channel, through the gateway with real tokens and real RabbitMQ: under Fjordby's approved
/// agreement and a citizen's consent it submits through the channels API, forms stores the submission, cases opens
/// the case, and the bank's verified endpoint receives the signed CloudEvent of its case; its data records are checked
/// against the municipality's data schema and a valid one is attached to the citizen's case.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class PartnerChannelTests(PlatformFixture platform)
{
    private const string Citizen = "citizen-anna";
    private const string HookPath = "/hooks/channel-journey";
    private const string SubmissionsPath = "/api/channels/partners/nordbank/tenants/fjordby/forms/street-light/submissions";

    [Fact]
    public async Task A_bank_submits_for_a_consenting_citizen_through_its_channel_and_hears_of_the_case_on_its_signed_webhook()
    {
        using var bank = platform.As(await platform.PartnerTokenAsync("forms.submit webhooks.manage data.write"));
        using var citizen = platform.As(await platform.CitizenTokenAsync(Citizen));
        await platform.AgreeWithFjordbyAsync(bank, ["street-light"], [WebhookEventTypes.CaseOpened], []);

        platform.Partner.Given(Request.Create().WithPath(HookPath).UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        var subscription = await platform.SubscribeVerifiedAsync(bank, HookPath, WebhookEventTypes.CaseOpened);

        await ConsentAsync(citizen);

        // Channels learns of the consent from identity's ConsentGranted on the bus.
        var accepted = await Eventually.Until(() => SubmitAsync(bank, latitude: 59.93), response => response.StatusCode != HttpStatusCode.Forbidden,
            "channels to know of the consent");
        Assert.Equal(HttpStatusCode.Created, accepted.StatusCode);
        var submissionId = (await accepted.Content.ReadFromJsonAsync<SubmissionReceipt>())!.SubmissionId;

        var cases = await Eventually.Until(
            async () => (await citizen.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/fjordby/cases?submissionId={submissionId}"))!,
            found => found.Count == 1, "the case of the bank's submission");
        var caseId = cases[0].GetProperty("id").GetString();

        var delivered = await Eventually.Until(
            () => Task.FromResult(platform.Partner.LogEntries.Where(e => e.RequestMessage.Path == HookPath && e.RequestMessage.Body!.Contains(caseId!)).ToList()),
            entries => entries.Count > 0, "the bank's webhook to receive the case");
        var request = delivered[0].RequestMessage;
        var verification = new WebhookVerifier(subscription.Secret!).Verify(header => request.Headers![header].FirstOrDefault(), request.Body!);
        Assert.True(verification.IsValid, verification.Failure);
        using var cloudEvent = JsonDocument.Parse(request.Body!);
        Assert.Equal(("case.opened", caseId), (cloudEvent.RootElement.GetProperty("type").GetString(), cloudEvent.RootElement.GetProperty("subject").GetString()));
        Assert.Equal(Citizen, cloudEvent.RootElement.GetProperty("data").GetProperty("citizenId").GetString());
    }

    [Fact]
    public async Task Forms_validation_problem_reaches_the_bank_unchanged_and_without_an_agreement_nothing_is_accepted()
    {
        using var bank = platform.As(await platform.PartnerTokenAsync("forms.submit webhooks.manage data.write"));
        using var citizen = platform.As(await platform.CitizenTokenAsync(Citizen));
        using var skogsberg = await bank.PostAsJsonAsync("/api/channels/partners/nordbank/tenants/skogsberg/forms/street-light/submissions",
            new CitizenSubmission("citizen-anna", JsonSerializer.Deserialize<JsonElement>("""{"description":"x"}""")));
        await Problems.ExpectAsync(skogsberg, HttpStatusCode.Forbidden, "no approved agreement");

        await platform.AgreeWithFjordbyAsync(bank, ["street-light"], [WebhookEventTypes.CaseOpened], []);
        await ConsentAsync(citizen);

        var refused = await Eventually.Until(() => SubmitAsync(bank, latitude: 123.0), response => response.StatusCode != HttpStatusCode.Forbidden,
            "channels to know of the consent");

        Assert.Equal(HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        var errors = await Problems.ValidationErrorsAsync(refused);
        Assert.Contains("/data/location/latitude", errors.Keys);
    }

    [Fact]
    public async Task An_energy_companys_invalid_reading_is_refused_and_a_valid_one_arrives_on_the_citizens_case()
    {
        using var bank = platform.As(await platform.PartnerTokenAsync("forms.submit webhooks.manage data.write"));
        using var admin = platform.As(await platform.CivilServantTokenAsync("admin@fjordby.no"));
        using var caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));
        using var citizen = platform.As(await platform.CitizenTokenAsync(Citizen));
        await platform.AgreeWithFjordbyAsync(bank, [], [], ["energy-usage"]);
        (await admin.PutAsJsonAsync("/api/channels/tenants/fjordby/data-schemas/energy-usage", new
        {
            title = "Energy usage for a heating allowance",
            schema = new
            {
                type = "object",
                required = new[] { "kwh", "month" },
                properties = new { kwh = new { type = "number", minimum = 0 }, month = new { type = "string", pattern = "^[0-9]{4}-[0-9]{2}$" } },
            },
        })).EnsureSuccessStatusCode();

        var submitted = await citizen.PostAsJsonAsync("/api/forms/tenants/fjordby/forms/street-light/submissions", new
        {
            data = new { location = new { latitude = 59.92, longitude = 10.75 }, description = "Partner data: the lamp by the substation." },
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submissionId = (await submitted.Content.ReadFromJsonAsync<SubmissionReceipt>())!.SubmissionId;
        var caseId = (await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/fjordby/cases?submissionId={submissionId}"))!,
            found => found.Count == 1, "the citizen's case"))[0].GetProperty("id").GetGuid();

        const string Records = "/api/channels/partners/nordbank/tenants/fjordby/data/energy-usage/records";
        await ConsentAsync(citizen);
        // Channels learns of the consent from identity's ConsentGranted on the bus; until then the reading is refused (403).
        var invalid = await Problems.ValidationErrorsAsync(await Eventually.Until(
            () => bank.PostAsJsonAsync(Records, new DataRecordRequest(Citizen, caseId, JsonSerializer.SerializeToElement(new { kwh = -3, month = "March" }))),
            response => response.StatusCode != HttpStatusCode.Forbidden, "channels to know of the consent"));
        Assert.Equal(["/data/kwh", "/data/month"], invalid.Keys.Order());

        using var valid = await bank.PostAsJsonAsync(Records, new DataRecordRequest(Citizen, caseId, JsonSerializer.SerializeToElement(new { kwh = 412.5, month = "2026-10" })));
        Assert.Equal(HttpStatusCode.Created, valid.StatusCode);
        var recordId = (await valid.Content.ReadFromJsonAsync<DataRecord>())!.Id;

        var attached = await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/fjordby/cases/{caseId}/partner-data"))!,
            found => found.Count > 0, "the reading on the case");
        var reading = Assert.Single(attached);
        Assert.Equal((recordId, "nordbank", 412.5), (reading.GetProperty("recordId").GetGuid(), reading.GetProperty("partnerId").GetString(),
            reading.GetProperty("data").GetProperty("kwh").GetDouble()));
    }

    /// <summary>The citizen lets the bank act for them on street-light reports in fjordby for a month.</summary>
    private static async Task ConsentAsync(HttpClient citizen)
    {
        using var granted = await citizen.PostAsJsonAsync("/api/identity/tenants/fjordby/consents", new
        {
            partnerId = "nordbank",
            formKeys = new[] { "street-light" },
            expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        granted.EnsureSuccessStatusCode();
    }

    private static Task<HttpResponseMessage> SubmitAsync(HttpClient bank, double latitude) =>
        bank.PostAsJsonAsync(SubmissionsPath, new
        {
            citizenId = Citizen,
            data = new
            {
                location = new { latitude, longitude = 10.75, address = "Torget 1" },
                description = "Reported through the bank's app.",
            },
        });
}
