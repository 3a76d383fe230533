using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Channels;
using Platform.Contracts.Identity;
using Platform.Partners.Sdk;

namespace Platform.Channels.Tests;

public sealed class DataCollectionTests : IAsyncLifetime
{
    private const string RecordsPath = "/partners/nordbank/tenants/fjordby/data/meter-readings/records";

    private readonly ChannelsHost _channels = new();

    public async Task InitializeAsync()
    {
        using var published = await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/meter-readings", new
        {
            title = "Monthly meter readings",
            schema = JsonSerializer.Deserialize<JsonElement>("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["meterId","kwh"],
                 "properties":{"meterId":{"type":"string","minLength":4},"kwh":{"type":"number","minimum":0},
                               "readAt":{"type":"string","format":"date"}},
                 "additionalProperties":false}
                """),
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
    }

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_valid_record_is_stored_and_published_as_partner_data_received()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-kari");
        var caseId = Guid.NewGuid();

        using var response = await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest("citizen-kari", caseId, Json("""{"meterId":"M-1234","kwh":412.5,"readAt":"2026-11-01"}""")));

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var record = (await response.Content.ReadFromJsonAsync<DataRecord>())!;
        Assert.Equal(("meter-readings", 1, caseId), (record.SchemaKey, record.SchemaVersion, record.CaseId));
        var published = await Eventually.Until(() => Task.FromResult(_channels.Bus.Published.Select<PartnerDataReceived>().ToList()), list => list.Count == 1,
            "PartnerDataReceived to be published");
        var received = published[0].Context.Message;
        Assert.Equal((record.Id, "fjordby", "nordbank", "citizen-kari", caseId), (received.RecordId, received.TenantId, received.PartnerId, received.CitizenId, received.CaseId));
        Assert.Equal(412.5, received.Data.GetProperty("kwh").GetDouble());
    }

    [Fact]
    public async Task An_invalid_record_is_rejected_field_by_field_and_nothing_is_stored_or_published()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-kari");

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest("citizen-kari", null, Json("""{"meterId":"M1","kwh":-3,"colour":"blue"}"""))));

        Assert.Equal(["/data/colour", "/data/kwh", "/data/meterId"], errors.Keys.Order());
        Assert.Contains("at least 0", errors["/data/kwh"].Single());
        await AssertNothingStoredOrQueuedAsync();
    }

    [Fact]
    public async Task A_record_about_a_citizen_without_standing_consent_is_a_403_and_nothing_is_stored_or_published()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("skogsberg", "citizen-kari");
        await _channels.ConsentAsync("fjordby", "citizen-kari", partnerId: "otherbank");
        var revoked = await _channels.ConsentAsync("fjordby", "citizen-ola");
        await _channels.Mediator.Send(new ConsentRevoked(revoked.ConsentId, "citizen-ola", "nordbank", "fjordby", DateTimeOffset.UtcNow),
            context => context.MessageId = Guid.NewGuid());
        await _channels.Mediator.Send(new ConsentGranted(Guid.NewGuid(), "citizen-eva", "nordbank", "fjordby", ["street-light"],
            ExpiresAt: DateTimeOffset.UtcNow.AddMinutes(-1), GrantedAt: DateTimeOffset.UtcNow.AddDays(-30)), context => context.MessageId = Guid.NewGuid());

        foreach (var citizen in new[] { "citizen-anna", "citizen-kari", "citizen-ola", "citizen-eva" })
        {
            await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
                new DataRecordRequest(citizen, null, Json("""{"meterId":"M-1234","kwh":1}"""))), HttpStatusCode.Forbidden, $"'{citizen}' holds no standing consent");
        }

        await AssertNothingStoredOrQueuedAsync();
    }

    [Fact]
    public async Task A_record_naming_neither_citizen_nor_case_is_rejected()
    {
        await _channels.AgreeAsync("fjordby");

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest(null, null, Json("""{"meterId":"M-1234","kwh":1}"""))));

        Assert.Equal(["/citizenId"], errors.Keys);
        await AssertNothingStoredOrQueuedAsync();
    }

    [Fact]
    public async Task Without_an_agreement_granting_the_schema_nothing_is_accepted()
    {
        await _channels.AgreeAsync("fjordby", dataSchemas: ["income-reports"]);

        await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest("citizen-kari", null, Json("""{"meterId":"M-1234","kwh":1}"""))), HttpStatusCode.Forbidden, "meter-readings");
        await Problems.ExpectAsync(await _channels.PartnerClient("otherbank").PostAsJsonAsync(RecordsPath.Replace("nordbank", "otherbank"),
            new DataRecordRequest("citizen-kari", null, Json("""{"meterId":"M-1234","kwh":1}"""))), HttpStatusCode.Forbidden, "no approved agreement");
        await AssertNothingStoredOrQueuedAsync();
    }

    [Fact]
    public async Task Publishing_again_makes_a_new_version_which_new_records_must_satisfy()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-kari");
        using var republished = await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/meter-readings", new
        {
            title = "Monthly meter readings",
            schema = Json("""{"type":"object","required":["meterId","kwh","tariff"],"properties":{"tariff":{"enum":["day","night"]}}}"""),
        });
        Assert.Equal(2, (await republished.Content.ReadFromJsonAsync<DataSchema>())!.Version);
        Assert.Equal(2, (await _channels.Nordbank.GetFromJsonAsync<DataSchema>("/tenants/fjordby/data-schemas/meter-readings"))!.Version);

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest("citizen-kari", null, Json("""{"meterId":"M-1234","kwh":1}"""))));

        Assert.Equal(["/data/tariff"], errors.Keys);
    }

    [Fact]
    public async Task A_schema_that_is_not_an_object_schema_is_refused_by_pointer()
    {
        var errors = await Problems.ValidationErrorsAsync(await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/income-reports",
            new { title = "", schema = Json("""{"type":"array"}""") }));

        Assert.Equal(["/schema/type", "/title"], errors.Keys.Order());
    }

    [Fact]
    public async Task A_data_schema_whose_ref_points_outside_it_is_a_400_naming_that_ref_and_nothing_is_fetched_or_stored()
    {
        using var listener = await CountingListener.StartAsync();

        var errors = await Problems.ValidationErrorsAsync(await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/income-reports", new
        {
            title = "Income",
            schema = new { type = "object", properties = new { income = new Dictionary<string, string> { ["$ref"] = $"{listener.Url}/income.json" } } },
        }));

        Assert.Equal(["/schema/properties/income/$ref"], errors.Keys);
        Assert.Equal(0, listener.Connections);
        Assert.False(await _channels.Host.InScopeAsync((ChannelsDb db) => db.DataSchemas.AnyAsync(s => s.Key == "income-reports")));
    }

    [Fact]
    public async Task A_record_against_a_catastrophic_pattern_is_answered_at_once_with_a_400_naming_the_field()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-kari");
        using var published = await _channels.FjordbyAdmin.PutAsJsonAsync("/tenants/fjordby/data-schemas/meter-readings", new
        {
            title = "Monthly meter readings",
            schema = Json("""{"type":"object","properties":{"meterId":{"type":"string","pattern":"^(a+)+$"}}}"""),
        });
        Assert.Equal(HttpStatusCode.Created, published.StatusCode);
        // A generous deadline: a backtracking engine needs hours for this 40-character answer.
        using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync(RecordsPath,
            new DataRecordRequest("citizen-kari", null, Json(JsonSerializer.Serialize(new { meterId = new string('a', 39) + "!" }))), deadline.Token));

        Assert.Equal(["/data/meterId"], errors.Keys);
        await AssertNothingStoredOrQueuedAsync();
    }

    [Fact]
    public async Task Only_the_municipalitys_admin_publishes_a_schema()
    {
        var response = await _channels.Nordbank.PutAsJsonAsync("/tenants/fjordby/data-schemas/income-reports",
            new { title = "Income", schema = Json("""{"type":"object"}""") });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    private async Task AssertNothingStoredOrQueuedAsync()
    {
        Assert.Equal(0, await _channels.Host.InScopeAsync((ChannelsDb db) => db.DataRecords.CountAsync()));
        Assert.Empty(await _channels.Host.QueuedAsync<ChannelsDb, PartnerDataReceived>());
    }

    private static JsonElement Json(string json) => JsonSerializer.Deserialize<JsonElement>(json);
}
