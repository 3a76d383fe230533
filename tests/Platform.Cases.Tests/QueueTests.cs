using System.Net;
using System.Net.Http.Json;
using System.Text.RegularExpressions;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

/// <summary>The municipality's queue: most urgent first, narrowed by stage, form, assignee and overdue, read a page at a time with stable cursors.</summary>
public sealed partial class QueueTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task Paging_with_the_next_link_reads_every_case_once_most_urgent_first()
    {
        var opened = new List<CaseView>();
        foreach (var days in new[] { 9, 3, 3, 3, 7, 1, 5, 3, 12, 2, 3 })
        {
            opened.Add(await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: days)));
        }

        var ingrid = _cases.Caseworker();
        var read = new List<CaseView>();
        var pages = 0;
        string? next = "/tenants/fjordby/cases?limit=3";
        while (next is not null)
        {
            using var response = await ingrid.GetAsync(next);
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            read.AddRange((await response.Content.ReadFromJsonAsync<List<CaseView>>())!);
            next = NextLink(response) is { } query ? "/tenants/fjordby/cases" + query : null;
            pages++;
        }

        Assert.Equal(4, pages);
        Assert.Equal(opened.Select(c => c.Id).Order(), read.Select(c => c.Id).Order());
        Assert.Equal(read.OrderBy(c => c.DueAt).ThenBy(c => c.Id.ToString()).Select(c => c.Id), read.Select(c => c.Id));
    }

    [Fact]
    public async Task A_case_taken_between_two_pages_neither_repeats_nor_hides_the_rest()
    {
        for (var i = 0; i < 6; i++)
        {
            await _cases.OpenAsync(citizenId: "kari");
        }

        var ingrid = _cases.Caseworker();
        using var first = await ingrid.GetAsync("/tenants/fjordby/cases?assignee=none&limit=3");
        var firstPage = (await first.Content.ReadFromJsonAsync<List<CaseView>>())!;
        // Someone takes a case of the first page: the queue of unassigned cases shrinks behind the cursor, not ahead of it.
        await ingrid.ActAsync(firstPage[0], "assignment").OkAsync<CaseView>();
        var secondPage = (await ingrid.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases" + NextLink(first)))!;

        Assert.Equal(3, secondPage.Count);
        Assert.Empty(secondPage.Select(c => c.Id).Intersect(firstPage.Select(c => c.Id)));
    }

    [Fact]
    public async Task The_queue_narrows_by_stage_form_and_assignee()
    {
        var received = await _cases.OpenAsync(citizenId: "kari");
        var mine = await _cases.OpenAsync(citizenId: "kari");
        var pers = await _cases.OpenAsync(citizenId: "ola");
        var otherForm = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "ola") with { FormKey = "parking-permit" });
        var ingrid = _cases.Caseworker(name: "ingrid");
        await ingrid.ActAsync(mine, "review").OkAsync<CaseView>();
        await ingrid.ActAsync(pers, "assignment", new { assigneeId = "per" }).OkAsync<CaseView>();

        async Task<List<Guid>> Ids(string query) => [.. (await ingrid.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases" + query))!.Select(c => c.Id)];

        Assert.Equal([mine.Id], await Ids("?state=UnderReview"));
        Assert.Equal([received.Id, pers.Id, otherForm.Id], await Ids("?state=received"));
        Assert.Equal([otherForm.Id], await Ids("?formKey=parking-permit"));
        Assert.Equal([mine.Id], await Ids("?assignee=me"));
        Assert.Equal([pers.Id], await Ids("?assignee=per"));
        Assert.Equal([received.Id, otherForm.Id], await Ids("?assignee=none"));
        Assert.Equal([received.Id], await Ids("?assignee=none&formKey=street-light&state=Received"));
    }

    [Fact]
    public async Task An_unknown_stage_or_a_cursor_the_service_never_gave_is_a_400_naming_the_parameter()
    {
        var ingrid = _cases.Caseworker();

        Assert.Equal(["state"], (await Problems.ValidationErrorsAsync(await ingrid.GetAsync("/tenants/fjordby/cases?state=Lost"))).Keys);
        Assert.Equal(["cursor"], (await Problems.ValidationErrorsAsync(await ingrid.GetAsync("/tenants/fjordby/cases?cursor=bm90LWEtY3Vyc29y"))).Keys);
        Assert.Equal(["cursor"], (await Problems.ValidationErrorsAsync(await ingrid.GetAsync("/tenants/fjordby/cases?cursor=%%%"))).Keys);
    }

    /// <summary>The query of the Link header's rel="next" reference; null on the last page.</summary>
    private static string? NextLink(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Link", out var links) && NextRelation().Match(string.Join(",", links)) is { Success: true } match ? match.Groups[1].Value : null;

    [GeneratedRegex("<([^>]*)>;\\s*rel=\"next\"")]
    private static partial Regex NextRelation();
}
