using System.Net;
using System.Net.Http.Json;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.Citizens.CitizenCaseEndpoints;
using static Platform.Cases.Messages.MessageEndpoints;

namespace Platform.Cases.Tests;

/// <summary>The citizen's own cases, gathered from every municipality, with their status, thread and questions; nobody else's.</summary>
public sealed class CitizenCasesTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_citizen_reads_their_cases_in_every_municipality_and_nobody_elses()
    {
        var fjordby = await _cases.OpenAsync("fjordby", "kari");
        var skogsberg = await _cases.OpenAsync("skogsberg", "kari");
        var olas = await _cases.OpenAsync("fjordby", "ola");
        await _cases.Caseworker("skogsberg", "lars").ActAsync(skogsberg, "review").OkAsync<CaseView>();
        await _cases.Caseworker("skogsberg", "lars").ActAsync(skogsberg, "messages", new { body = "We are looking at it." }).OkAsync<MessageView>();
        var kari = _cases.Citizen("kari");

        var mine = (await kari.GetFromJsonAsync<List<CaseView>>("/citizens/me/cases"))!;

        Assert.Equal([(skogsberg.Id, "skogsberg", "UnderReview"), (fjordby.Id, "fjordby", "Received")], mine.Select(c => (c.Id, c.TenantId, c.Status)));
        var one = (await kari.GetFromJsonAsync<CitizenCaseView>($"/citizens/me/cases/{skogsberg.Id}"))!;
        Assert.Equal(("UnderReview", "We are looking at it."), (one.Case.Status, Assert.Single(one.Messages).Body));
        await Problems.ExpectAsync(await kari.GetAsync($"/citizens/me/cases/{olas.Id}"), HttpStatusCode.NotFound, olas.Id.ToString());
        await Problems.ExpectAsync(await _cases.Caseworker().GetAsync("/citizens/me/cases"), HttpStatusCode.Forbidden, "party, role or scope");
    }

    [Fact]
    public async Task A_caseworker_reads_only_their_own_municipalitys_cases()
    {
        var skogsberg = await _cases.OpenAsync("skogsberg", "kari");
        var ingrid = _cases.Caseworker("fjordby");

        await Problems.ExpectAsync(await ingrid.GetAsync($"/tenants/skogsberg/cases/{skogsberg.Id}"), HttpStatusCode.NotFound, "no such resource");
        await Problems.ExpectAsync(await ingrid.GetAsync($"/tenants/fjordby/cases/{skogsberg.Id}"), HttpStatusCode.NotFound, skogsberg.Id.ToString());
        await Problems.ExpectAsync(await ingrid.ActAsync(skogsberg, "review"), HttpStatusCode.NotFound, "no such resource");
        Assert.Equal("Received", (await _cases.Caseworker("skogsberg").GetFromJsonAsync<CaseView>($"/tenants/skogsberg/cases/{skogsberg.Id}"))!.Status);
    }
}
