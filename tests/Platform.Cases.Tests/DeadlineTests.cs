using System.Net.Http.Json;
using Microsoft.Extensions.Time.Testing;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

/// <summary>
/// Due dates from the form's processing time, and the overdue scan: a case past due without a decision shows as
/// overdue and raises CaseOverdue once. The service's clock is a FakeTimeProvider that starts three days ago; moving
/// it to the present makes the scan's interval pass and the cases opened "then" fall due.
/// </summary>
public sealed class DeadlineTests : IAsyncLifetime
{
    private readonly FakeTimeProvider _clock = new(DateTimeOffset.UtcNow.AddDays(-3));
    private readonly CasesHost _cases;

    public DeadlineTests() => _cases = new CasesHost(_clock, new Dictionary<string, string?>
    {
        ["Cases:OverdueScanInterval"] = "00:05:00",
        ["Cases:DefaultProcessingDays"] = "30",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_case_past_due_shows_as_overdue_and_raises_CaseOverdue_once()
    {
        var late = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: 2));
        var inTime = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: 5));
        var decided = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: 1));
        var ingrid = _cases.Caseworker();
        await ingrid.ActAsync(late, "assignment").OkAsync<CaseView>();
        await ingrid.ActAsync(decided, "review").OkAsync<CaseView>();
        await ingrid.ActAsync(decided, "decision", new { outcome = "Approved", reason = "Done in time." }).OkAsync<CaseView>();
        Assert.Equal(late.OpenedAt.AddDays(2), late.DueAt);

        _clock.SetUtcNow(DateTimeOffset.UtcNow);

        var overdue = await Eventually.Until(() => _cases.QueuedAsync<CaseOverdue>(), raised => raised.Count >= 1, "CaseOverdue for the late case");
        var raised = Assert.Single(overdue);
        Assert.Equal((late.Id, "ingrid", late.DueAt), (raised.Case.CaseId, raised.AssigneeId, raised.DueAt));
        Assert.True((await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{late.Id}"))!.IsOverdue);
        Assert.False((await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{inTime.Id}"))!.IsOverdue);
        Assert.Equal([late.Id], (await ingrid.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases?overdue=true"))!.Select(c => c.Id));
        Assert.Equal(new[] { inTime.Id, decided.Id }.Order(),
            (await ingrid.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases?overdue=false"))!.Select(c => c.Id).Order());

        // A later round, which finds the second case overdue, leaves the first be: once per case.
        var markedAt = (await _cases.AuditOfAsync(late.Id)).Count;
        _clock.Advance(TimeSpan.FromDays(3));
        var both = await Eventually.Until(() => _cases.QueuedAsync<CaseOverdue>(), raised => raised.Count >= 2, "CaseOverdue for the second case");
        Assert.Equal([late.Id, inTime.Id], both.Select(e => e.Case.CaseId));
        Assert.Equal(markedAt, (await _cases.AuditOfAsync(late.Id)).Count);
    }

    [Fact]
    public async Task A_submission_without_a_processing_time_is_due_after_the_configured_default()
    {
        var @case = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: null));

        Assert.Equal(@case.OpenedAt.AddDays(30), @case.DueAt);
    }
}
