using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using Platform.Contracts.Channels;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.PartnerData.PartnerDataEndpoints;

namespace Platform.Cases.Tests;

/// <summary>A partner's data record, as the channels service announces it, joins the case it names or the citizen's undecided cases; once.</summary>
public sealed class PartnerDataTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_record_naming_a_case_is_attached_to_it_and_shown_to_its_caseworker_and_citizen()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var record = Record("fjordby", caseId: @case.Id);

        await _cases.Bus.Bus.Publish(record);

        var attached = await PartnerDataOfAsync(@case, expected: 1);
        var shown = Assert.Single(attached);
        Assert.Equal((record.RecordId, "nordbank", "income-report", 412000), (shown.RecordId, shown.PartnerId, shown.SchemaKey, shown.Data.GetProperty("income").GetInt32()));
        Assert.Single((await _cases.Citizen("kari").GetFromJsonAsync<List<PartnerDataView>>($"/tenants/fjordby/cases/{@case.Id}/partner-data"))!);
        var entry = Assert.Single(await _cases.AuditOfAsync(@case.Id), e => e.Action == "AttachPartnerData");
        Assert.Equal(("partner", "nordbank", record.RecordId.ToString()), (entry.ActorParty, entry.ActorId, entry.Detail));
    }

    [Fact]
    public async Task A_record_naming_a_citizen_joins_each_of_their_undecided_cases_in_that_municipality_only()
    {
        var open = await _cases.OpenAsync(citizenId: "kari");
        var reviewing = await _cases.OpenAsync(citizenId: "kari");
        var decided = await _cases.OpenAsync(citizenId: "kari");
        var elsewhere = await _cases.OpenAsync("skogsberg", "kari");
        var olas = await _cases.OpenAsync(citizenId: "ola");
        var ingrid = _cases.Caseworker();
        await ingrid.ActAsync(reviewing, "review").OkAsync<CaseView>();
        await ingrid.ActAsync(decided, "review").OkAsync<CaseView>();
        await ingrid.ActAsync(decided, "decision", new { outcome = "Rejected", reason = "Not ours." }).OkAsync<CaseView>();

        var record = Record("fjordby", citizenId: "kari");
        await _cases.Bus.Bus.Publish(record, context => context.MessageId = Guid.NewGuid());

        Assert.Single(await PartnerDataOfAsync(open, expected: 1));
        Assert.Single(await PartnerDataOfAsync(reviewing, expected: 1));
        var records = await _cases.Host.InScopeAsync((CasesDb db) => Task.FromResult(db.PartnerData.Where(r => r.RecordId == record.RecordId).Select(r => r.CaseId).ToList()));
        Assert.Equal(new[] { open.Id, reviewing.Id }.Order(), records.Order());
        Assert.DoesNotContain(decided.Id, records);
        Assert.DoesNotContain(elsewhere.Id, records);
        Assert.DoesNotContain(olas.Id, records);
    }

    [Fact]
    public async Task A_record_redelivered_under_another_message_id_attaches_nothing_twice()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var record = Record("fjordby", caseId: @case.Id);
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await _cases.Bus.Bus.Publish(record, context => context.MessageId = first);
        await PartnerDataOfAsync(@case, expected: 1);
        // As after a channels outbox that published, crashed before marking the row sent, and published again.
        await _cases.Bus.Bus.Publish(record, context => context.MessageId = second);
        await Eventually.Until(() => _cases.Host.HandledCountAsync(second), handled => handled == 1, "the second copy to be consumed");

        Assert.Single(await PartnerDataOfAsync(@case, expected: 1));
        Assert.Single(await _cases.AuditOfAsync(@case.Id), e => e.Action == "AttachPartnerData");
    }

    [Fact]
    public async Task A_record_naming_a_case_of_another_municipality_is_not_attached()
    {
        var skogsbergs = await _cases.OpenAsync("skogsberg", "kari");
        var record = Record("fjordby", caseId: skogsbergs.Id);
        var messageId = Guid.NewGuid();

        await _cases.Bus.Bus.Publish(record, context => context.MessageId = messageId);
        await Eventually.Until(() => _cases.Host.HandledCountAsync(messageId), handled => handled == 1, "the record to be consumed");

        Assert.Empty((await _cases.Caseworker("skogsberg").GetFromJsonAsync<List<PartnerDataView>>($"/tenants/skogsberg/cases/{skogsbergs.Id}/partner-data"))!);
    }

    private static PartnerDataReceived Record(string tenant, Guid? caseId = null, string? citizenId = null) => new(
        Guid.NewGuid(), tenant, "nordbank", "income-report", citizenId, caseId, JsonSerializer.SerializeToElement(new { income = 412000, year = 2025 }),
        DateTimeOffset.UtcNow);

    private Task<List<PartnerDataView>> PartnerDataOfAsync(CaseView @case, int expected) => Eventually.Until(
        async () => (await _cases.Caseworker(@case.TenantId).GetFromJsonAsync<List<PartnerDataView>>($"/tenants/{@case.TenantId}/cases/{@case.Id}/partner-data"))!,
        records => records.Count >= expected,
        $"{expected} partner record(s) on case {@case.CaseNumber}");
}
