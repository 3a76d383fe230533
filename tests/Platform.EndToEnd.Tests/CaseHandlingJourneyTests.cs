using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The README's walk, through the gateway with the identity service's real tokens: a citizen's submission lands in
/// the caseworker's queue, is taken, reviewed, questioned, answered, decided and closed, and the citizen and the
/// municipality's admin see it happen.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CaseHandlingJourneyTests(PlatformFixture platform)
{
    private const string Cases = "/api/cases/tenants/fjordby/cases";

    [Fact]
    public async Task A_caseworker_takes_a_case_from_the_queue_to_a_decision_and_the_citizen_follows_it()
    {
        using var citizen = platform.As(await platform.CitizenTokenAsync("citizen-ola"));
        using var caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));
        using var admin = platform.As(await platform.CivilServantTokenAsync("admin@fjordby.no"));
        var submitted = await citizen.PostAsJsonAsync("/api/forms/tenants/fjordby/forms/street-light/submissions", new
        {
            data = new { location = new { latitude = 59.91, longitude = 10.75 }, description = "Journey: dark since Monday." },
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submissionId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetString();

        var queued = await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<JsonElement>>($"{Cases}?submissionId={submissionId}&state=Received&assignee=none"))!,
            found => found.Count == 1, "the case in the unassigned queue");
        var caseId = queued[0].GetProperty("id").GetString();
        var dueAt = queued[0].GetProperty("dueAt").GetDateTimeOffset();
        Assert.Equal(queued[0].GetProperty("openedAt").GetDateTimeOffset().AddDays(5), dueAt);

        var taken = await Ok(caseworker.PostAsync($"{Cases}/{caseId}/assignment", null));
        var ingrid = taken.GetProperty("assigneeId").GetString();
        Assert.Contains(await caseworker.GetFromJsonAsync<List<JsonElement>>($"{Cases}?assignee=me&limit=200") ?? [],
            c => c.GetProperty("id").GetString() == caseId);
        await Ok(caseworker.PostAsync($"{Cases}/{caseId}/review", null));
        var request = await Ok(caseworker.PostAsJsonAsync($"{Cases}/{caseId}/information-requests", new { question = "Which pole is it?" }));

        var mine = (await citizen.GetFromJsonAsync<List<JsonElement>>("/api/cases/citizens/me/cases"))!;
        Assert.Equal("AwaitingCitizen", mine.Single(c => c.GetProperty("id").GetString() == caseId).GetProperty("status").GetString());
        await Ok(citizen.PostAsJsonAsync($"{Cases}/{caseId}/information-requests/{request.GetProperty("id")}/answer", new { text = "The one by the school." }));
        await Ok(citizen.PostAsJsonAsync($"{Cases}/{caseId}/messages", new { body = "Thank you for looking at it." }));
        var decided = await Ok(caseworker.PostAsJsonAsync($"{Cases}/{caseId}/decision", new { outcome = "Approved", reason = "Replaced on Thursday." }));
        Assert.Equal(("Decided", "Approved"), (decided.GetProperty("status").GetString(), decided.GetProperty("outcome").GetString()));
        await Ok(caseworker.PostAsync($"{Cases}/{caseId}/closure", null));

        var followed = (await citizen.GetFromJsonAsync<JsonElement>($"/api/cases/citizens/me/cases/{caseId}"))!;
        Assert.Equal("Closed", followed.GetProperty("case").GetProperty("status").GetString());
        Assert.Equal("Thank you for looking at it.", followed.GetProperty("messages")[0].GetProperty("body").GetString());
        var audit = (await admin.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/fjordby/audit?caseId={caseId}"))!;
        Assert.Equal(["Opened", "Assign", "StartReview", "RequestInformation", "AnswerInformation", "PostMessage", "Decide", "Close"],
            audit.Select(e => e.GetProperty("action").GetString()));
        Assert.Equal(ingrid, audit[^1].GetProperty("actorId").GetString());
    }

    private static async Task<JsonElement> Ok(Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonDocument.Parse(body).RootElement.Clone();
    }
}
