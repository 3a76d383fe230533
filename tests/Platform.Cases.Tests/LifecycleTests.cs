using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.InformationRequests.InformationRequestEndpoints;

namespace Platform.Cases.Tests;

/// <summary>
/// The case lifecycle as the issue states it: Received → UnderReview → AwaitingCitizen → UnderReview → Decided → Closed,
/// Withdrawn by the citizen before a decision. Every step that is allowed works and is announced; every other is a 409
/// naming the stage the case is in, and changes nothing.
/// </summary>
public sealed class LifecycleTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_case_goes_from_the_queue_through_an_information_request_to_a_decision_and_is_closed_each_step_announced()
    {
        var opened = await _cases.OpenAsync(citizenId: "kari");
        var ingrid = _cases.Caseworker();
        var kari = _cases.Citizen("kari");

        var reviewing = await ingrid.ActAsync(opened, "review").OkAsync<CaseView>();
        Assert.Equal(("UnderReview", "ingrid"), (reviewing.Status, reviewing.AssigneeId));
        var request = await ingrid.ActAsync(opened, "information-requests", new { question = "Which pole is it?" }).OkAsync<InformationRequestView>();
        Assert.Equal("AwaitingCitizen", (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{opened.Id}"))!.Status);
        var answered = await kari.ActAsync(opened, $"information-requests/{request.Id}/answer", new { text = "The one by the school." }).OkAsync<CaseView>();
        Assert.Equal("UnderReview", answered.Status);
        var decided = await ingrid.ActAsync(opened, "decision", new { outcome = "Approved", reason = "The lamp will be replaced this week." }).OkAsync<CaseView>();
        Assert.Equal(("Decided", "Approved", "The lamp will be replaced this week."), (decided.Status, decided.Outcome, decided.DecisionReason));
        Assert.NotNull(decided.DecidedAt);
        var closed = await ingrid.ActAsync(opened, "closure").OkAsync<CaseView>();
        Assert.Equal("Closed", closed.Status);
        Assert.Equal(opened.Version + 5, closed.Version);

        var changes = await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == opened.Id);
        Assert.Equal(
            [("Received", "UnderReview", "ingrid"), ("UnderReview", "AwaitingCitizen", "ingrid"), ("AwaitingCitizen", "UnderReview", "kari"),
             ("UnderReview", "Decided", "ingrid"), ("Decided", "Closed", "ingrid")],
            changes.Select(c => (c.FromStatus, c.ToStatus, c.ChangedBy)));
        Assert.All(changes, c => Assert.Equal(new CaseReference(opened.Id, opened.CaseNumber, "fjordby", "street-light", opened.FormTitle, "kari"), c.Case));
        var decision = Assert.Single(await _cases.QueuedAsync<CaseDecided>(e => e.Case.CaseId == opened.Id));
        Assert.Equal(("Approved", "The lamp will be replaced this week.", "ingrid"), (decision.Outcome, decision.Reason, decision.DecidedBy));
        var asked = Assert.Single(await _cases.QueuedAsync<CaseInformationRequested>(e => e.Case.CaseId == opened.Id));
        Assert.Equal((request.Id, "Which pole is it?"), (asked.RequestId, asked.Question));
    }

    [Theory]
    [InlineData("Received")]
    [InlineData("UnderReview")]
    [InlineData("AwaitingCitizen")]
    public async Task The_citizen_withdraws_before_a_decision(string stage)
    {
        var @case = await CaseInStageAsync(stage, "kari");

        var withdrawn = await _cases.Citizen("kari").ActAsync(@case, "withdrawal", new { reason = "Fixed itself." }).OkAsync<CaseView>();

        Assert.Equal("Withdrawn", withdrawn.Status);
        var change = Assert.Single(await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id && e.ToStatus == "Withdrawn"));
        Assert.Equal((stage, "kari", "Fixed itself."), (change.FromStatus, change.ChangedBy, change.Reason));
    }

    [Fact]
    public async Task The_decision_may_be_a_rejection_with_its_reason()
    {
        var @case = await CaseInStageAsync("UnderReview", "kari");

        var decided = await _cases.Caseworker().ActAsync(@case, "decision", new { outcome = "rejected", reason = "The lamp is the road authority's." }).OkAsync<CaseView>();

        Assert.Equal(("Decided", "Rejected"), (decided.Status, decided.Outcome));
    }

    /// <summary>What the issue allows from each stage; everything else must be refused.</summary>
    public static TheoryData<string> Stages => ["Received", "UnderReview", "AwaitingCitizen", "Decided", "Closed", "Withdrawn"];

    private static readonly Dictionary<string, string[]> Allowed = new()
    {
        ["Received"] = ["review", "withdrawal", "assignment"],
        ["UnderReview"] = ["information-requests", "decision", "withdrawal", "assignment"],
        ["AwaitingCitizen"] = ["answer", "withdrawal", "assignment"],
        ["Decided"] = ["closure"],
        ["Closed"] = [],
        ["Withdrawn"] = [],
    };

    [Theory]
    [MemberData(nameof(Stages))]
    public async Task Every_step_the_lifecycle_does_not_allow_from_a_stage_is_a_409_naming_the_stage_and_changes_nothing(string stage)
    {
        var @case = await CaseInStageAsync(stage, "kari");
        var before = await _cases.AuditOfAsync(@case.Id);
        var eventsBefore = (await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id)).Count;
        var ingrid = _cases.Caseworker();
        var kari = _cases.Citizen("kari");
        var openRequest = (await ingrid.GetFromJsonAsync<List<InformationRequestView>>($"/tenants/fjordby/cases/{@case.Id}/information-requests"))!
            .LastOrDefault();

        var steps = new (string Step, HttpClient Who, object Body)[]
        {
            ("review", ingrid, new { }),
            ("information-requests", ingrid, new { question = "Anything else?" }),
            ("answer", kari, new { text = "Nothing else." }),
            ("decision", ingrid, new { outcome = "Approved", reason = "Fine." }),
            ("closure", ingrid, new { }),
            ("withdrawal", kari, new { }),
            ("assignment", ingrid, new { assigneeId = "per" }),
        };
        var tried = 0;
        foreach (var (step, who, body) in steps.Where(s => !Allowed[stage].Contains(s.Step)))
        {
            var path = step == "answer" ? $"information-requests/{openRequest?.Id ?? Guid.NewGuid()}/answer" : step;
            var response = await who.ActAsync(@case, path, body);
            if (step == "answer" && openRequest is null)
            {
                // No question was ever asked in this stage: there is nothing to answer.
                await Problems.ExpectAsync(response, HttpStatusCode.NotFound, "no information request");
                continue;
            }

            var problem = await Problems.ExpectAsync(response, HttpStatusCode.Conflict, $"is {stage}");
            Assert.Equal(stage, problem.Extensions["currentStatus"]?.ToString());
            tried++;
        }

        Assert.True(tried >= 2, $"only {tried} refusals tried from {stage}");
        var after = (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!;
        Assert.Equal((stage, @case.Version), (after.Status, after.Version));
        Assert.Equal(before.Count, (await _cases.AuditOfAsync(@case.Id)).Count);
        Assert.Equal(eventsBefore, (await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id)).Count);
    }

    [Fact]
    public async Task A_decision_without_outcome_or_reason_is_a_400_naming_both_and_changes_nothing()
    {
        var @case = await CaseInStageAsync("UnderReview", "kari");

        var errors = await Problems.ValidationErrorsAsync(await _cases.Caseworker().ActAsync(@case, "decision", new { outcome = "Maybe", reason = " " }));

        Assert.Equal(["/outcome", "/reason"], errors.Keys.Order());
        Assert.Equal("UnderReview", (await _cases.Caseworker().GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!.Status);
    }

    [Fact]
    public async Task Only_the_citizen_whose_case_it_is_withdraws_it_and_only_caseworkers_decide()
    {
        var @case = await CaseInStageAsync("UnderReview", "kari");

        await Problems.ExpectAsync(await _cases.Citizen("ola").ActAsync(@case, "withdrawal"), HttpStatusCode.NotFound, @case.Id.ToString());
        await Problems.ExpectAsync(await _cases.Citizen("kari").ActAsync(@case, "decision", new { outcome = "Approved", reason = "I say so." }),
            HttpStatusCode.Forbidden, "party, role or scope");
        await Problems.ExpectAsync(await _cases.Caseworker().ActAsync(@case, "withdrawal"), HttpStatusCode.Forbidden, "party, role or scope");
    }

    /// <summary>A case of <paramref name="citizenId"/> brought to <paramref name="stage"/> by the steps a caseworker and the citizen would take.</summary>
    private async Task<CaseView> CaseInStageAsync(string stage, string citizenId)
    {
        var @case = await _cases.OpenAsync(citizenId: citizenId);
        var ingrid = _cases.Caseworker();
        var path = stage switch
        {
            "Received" => [],
            "UnderReview" => ["review"],
            "AwaitingCitizen" => ["review", "information-requests"],
            "Decided" => ["review", "decision"],
            "Closed" => ["review", "decision", "closure"],
            "Withdrawn" => new[] { "withdrawal" },
            _ => throw new ArgumentOutOfRangeException(nameof(stage)),
        };
        foreach (var step in path)
        {
            using var response = step == "withdrawal"
                ? await _cases.Citizen(citizenId).ActAsync(@case, step)
                : await ingrid.ActAsync(@case, step, new { question = "Which pole?", outcome = "Approved", reason = "Done." });
            Assert.True(response.IsSuccessStatusCode, $"{step}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        }

        return (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!;
    }
}
