using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

/// <summary>Two caseworkers acting on one case at the same moment: exactly one of them wins, and only the winner's change is recorded and announced.</summary>
public sealed class ConcurrencyTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task Two_caseworkers_deciding_at_once_leave_exactly_one_decision_one_audit_entry_and_one_announcement()
    {
        var ingrid = _cases.Caseworker(name: "ingrid");
        var per = _cases.Caseworker(name: "per");
        for (var round = 0; round < 5; round++)
        {
            var @case = await _cases.OpenAsync(citizenId: "kari");
            await ingrid.ActAsync(@case, "review").OkAsync<CaseView>();

            var answers = await Task.WhenAll(
                ingrid.ActAsync(@case, "decision", new { outcome = "Approved", reason = "Ingrid approves." }),
                per.ActAsync(@case, "decision", new { outcome = "Rejected", reason = "Per rejects." }));

            Assert.Equal([HttpStatusCode.OK, HttpStatusCode.Conflict], answers.Select(a => a.StatusCode).Order());
            var loser = answers.Single(a => a.StatusCode == HttpStatusCode.Conflict);
            var problem = await Problems.ExpectAsync(loser, HttpStatusCode.Conflict, "Decided");
            Assert.Equal("Decided", problem.Extensions["currentStatus"]?.ToString());

            var stored = (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!;
            var decisions = await _cases.QueuedAsync<CaseDecided>(e => e.Case.CaseId == @case.Id);
            var decision = Assert.Single(decisions);
            Assert.Equal((stored.Outcome, stored.DecisionReason), (decision.Outcome, decision.Reason));
            Assert.Single(await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id && e.ToStatus == "Decided"));
            Assert.Single(await _cases.AuditOfAsync(@case.Id), e => e.Action == "Decide");
            Assert.Equal(@case.Version + 2, stored.Version);
        }
    }
}
