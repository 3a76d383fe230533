using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cases.Cases;
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

    [Fact]
    public async Task A_step_taken_on_a_case_as_it_was_read_before_another_caseworkers_change_is_refused_with_the_stage_it_is_now_in()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        await using var scope = _cases.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDb>();
        // Per reads the case; before he acts on it, Ingrid takes it into review.
        var asPerReadIt = await db.Cases.FindAsync(@case.Id);
        await _cases.Caseworker(name: "ingrid").ActAsync(@case, "review").OkAsync<CaseView>();

        var refused = await scope.ServiceProvider.GetRequiredService<CaseHandling>()
            .ApplyAsync(asPerReadIt!, CaseAction.Withdraw, new Actor("citizen", "kari"), CancellationToken.None);

        var problem = Assert.IsType<ProblemHttpResult>(refused).ProblemDetails;
        Assert.Equal((409, "UnderReview"), (problem.Status, problem.Extensions["currentStatus"]?.ToString()));
        Assert.Contains("changed by someone else", problem.Detail);
        var stored = (await _cases.Caseworker().GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!;
        Assert.Equal(("UnderReview", @case.Version + 1), (stored.Status, stored.Version));
        Assert.DoesNotContain(await _cases.AuditOfAsync(@case.Id), e => e.Action == "Withdraw");
        Assert.Empty(await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id && e.ToStatus == "Withdrawn"));
    }
}
