using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.InformationRequests.InformationRequestEndpoints;

namespace Platform.Cases.Tests;

/// <summary>
/// The caseworker asks, the citizen answers, with new answers checked against the case's own form version as the
/// forms service publishes it (WireMock stands in for it). An invalid answer is refused field by field and changes nothing.
/// </summary>
public sealed class InformationRequestTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task The_citizen_answers_with_corrected_answers_valid_for_the_form_and_the_case_returns_to_review_with_them()
    {
        var (@case, request) = await AwaitingKariAsync();
        var corrected = new { location = new { latitude = 59.92, longitude = 10.76 }, description = "The lamp at the school gate.", poleNumber = "FB-1234" };

        var answered = await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer",
            new { text = "I have added the pole number.", data = corrected }).OkAsync<CaseView>();

        Assert.Equal("UnderReview", answered.Status);
        var ingrid = _cases.Caseworker();
        var answers = (await ingrid.GetFromJsonAsync<AnswersView>($"/tenants/fjordby/cases/{@case.Id}/answers"))!;
        Assert.Equal("FB-1234", answers.Data.GetProperty("poleNumber").GetString());
        var stored = Assert.Single((await ingrid.GetFromJsonAsync<List<InformationRequestView>>($"/tenants/fjordby/cases/{@case.Id}/information-requests"))!);
        Assert.Equal(("I have added the pole number.", true), (stored.Answer, stored.AnswersReplaced));
        Assert.NotNull(stored.AnsweredAt);
        // The form was asked for with the cases service's own token.
        Assert.Contains(_cases.Forms.LogEntries, e => e.RequestMessage.Path == "/tenants/fjordby/forms/street-light/versions/1"
            && e.RequestMessage.Headers!["Authorization"].Single().StartsWith("Bearer ", StringComparison.Ordinal));
        var audit = (await _cases.AuditOfAsync(@case.Id)).Single(e => e.Action == "AnswerInformation");
        Assert.Equal("The lamp is out.", JsonDocument.Parse(audit.Before!).RootElement.GetProperty("answers").GetProperty("description").GetString());
        Assert.Equal("FB-1234", JsonDocument.Parse(audit.After).RootElement.GetProperty("answers").GetProperty("poleNumber").GetString());
    }

    [Fact]
    public async Task A_text_answer_alone_leaves_the_answers_as_they_were()
    {
        var (@case, request) = await AwaitingKariAsync();

        await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "It is pole FB-1234." }).OkAsync<CaseView>();

        var answers = (await _cases.Caseworker().GetFromJsonAsync<AnswersView>($"/tenants/fjordby/cases/{@case.Id}/answers"))!;
        Assert.Equal("The lamp is out.", answers.Data.GetProperty("description").GetString());
    }

    [Fact]
    public async Task Answers_that_break_the_form_are_a_400_naming_each_field_and_nothing_changes()
    {
        var (@case, request) = await AwaitingKariAsync();
        var auditBefore = (await _cases.AuditOfAsync(@case.Id)).Count;

        var errors = await Problems.ValidationErrorsAsync(await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer",
            new { text = "Here you go.", data = new { location = new { latitude = 123.0, longitude = 10.76 }, poleNumber = "pole 7" } }));

        Assert.Equal(["/data/description", "/data/location/latitude", "/data/poleNumber"], errors.Keys.Order());
        await AssertUnchangedAsync(@case, request, auditBefore);
    }

    [Fact]
    public async Task Answers_to_a_form_whose_schema_refers_outside_it_are_a_400_naming_that_ref_and_nothing_is_fetched_or_changed()
    {
        using var listener = await CountingListener.StartAsync();
        var (@case, request) = await AwaitingKariAsync();
        var auditBefore = (await _cases.AuditOfAsync(@case.Id)).Count;
        // The forms service's version 1 as one published before the rule would read.
        _cases.Forms.ResetMappings();
        _cases.ServeForm("fjordby", "street-light", 1, JsonSerializer.Serialize(new
        {
            type = "object",
            properties = new { poleNumber = new Dictionary<string, string> { ["$ref"] = $"{listener.Url}/pole-number.json" } },
        }));

        var errors = await Problems.ValidationErrorsAsync(await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer",
            new { text = "Here you go.", data = new { poleNumber = "FB-1234" } }));

        Assert.Equal(["/data"], errors.Keys);
        Assert.Contains("/properties/poleNumber/$ref", Assert.Single(errors["/data"]));
        Assert.Equal(0, listener.Connections);
        await AssertUnchangedAsync(@case, request, auditBefore);
    }

    [Fact]
    public async Task An_answer_without_text_is_a_400_and_nothing_changes()
    {
        var (@case, request) = await AwaitingKariAsync();
        var auditBefore = (await _cases.AuditOfAsync(@case.Id)).Count;

        var errors = await Problems.ValidationErrorsAsync(await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "" }));

        Assert.Equal(["/text"], errors.Keys);
        await AssertUnchangedAsync(@case, request, auditBefore);
    }

    [Fact]
    public async Task When_the_forms_service_cannot_give_the_schema_the_answer_is_a_503_and_nothing_changes()
    {
        var (@case, request) = await AwaitingKariAsync();
        var auditBefore = (await _cases.AuditOfAsync(@case.Id)).Count;
        _cases.Forms.Reset();

        await Problems.ExpectAsync(await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer",
            new { text = "Corrected.", data = new { location = new { latitude = 59.9, longitude = 10.7 }, description = "Still dark." } }),
            HttpStatusCode.ServiceUnavailable, "nothing was changed");

        await AssertUnchangedAsync(@case, request, auditBefore);
    }

    [Fact]
    public async Task Another_citizen_cannot_answer_and_a_question_is_answered_once()
    {
        var (@case, request) = await AwaitingKariAsync();
        await Problems.ExpectAsync(await _cases.Citizen("ola").ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "Me!" }),
            HttpStatusCode.NotFound, request.Id.ToString());

        await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "Pole FB-1234." }).OkAsync<CaseView>();
        await _cases.Caseworker().ActAsync(@case, "information-requests", new { question = "And the street?" }).OkAsync<InformationRequestView>();

        await Problems.ExpectAsync(await _cases.Citizen("kari").ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "Again." }),
            HttpStatusCode.Conflict, "was answered");
    }

    [Fact]
    public async Task A_question_must_be_asked_in_words()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        await _cases.Caseworker().ActAsync(@case, "review").OkAsync<CaseView>();

        var errors = await Problems.ValidationErrorsAsync(await _cases.Caseworker().ActAsync(@case, "information-requests", new { question = "  " }));

        Assert.Equal(["/question"], errors.Keys);
        Assert.Empty(await _cases.QueuedAsync<CaseInformationRequested>(e => e.Case.CaseId == @case.Id));
    }

    private async Task<(CaseView Case, InformationRequestView Request)> AwaitingKariAsync()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var ingrid = _cases.Caseworker();
        await ingrid.ActAsync(@case, "review").OkAsync<CaseView>();
        var request = await ingrid.ActAsync(@case, "information-requests", new { question = "Which pole is it? Its number is on a plate." })
            .OkAsync<InformationRequestView>();
        return ((await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!, request);
    }

    private async Task AssertUnchangedAsync(CaseView @case, InformationRequestView request, int auditEntries)
    {
        var ingrid = _cases.Caseworker();
        var now = (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!;
        Assert.Equal(("AwaitingCitizen", @case.Version), (now.Status, now.Version));
        var answers = (await ingrid.GetFromJsonAsync<AnswersView>($"/tenants/fjordby/cases/{@case.Id}/answers"))!;
        Assert.Equal("The lamp is out.", answers.Data.GetProperty("description").GetString());
        var stored = Assert.Single((await ingrid.GetFromJsonAsync<List<InformationRequestView>>($"/tenants/fjordby/cases/{@case.Id}/information-requests"))!);
        Assert.Equal(request, stored);
        Assert.Equal(auditEntries, (await _cases.AuditOfAsync(@case.Id)).Count);
        Assert.DoesNotContain(await _cases.QueuedAsync<CaseStatusChanged>(e => e.Case.CaseId == @case.Id), e => e.FromStatus == "AwaitingCitizen");
    }
}
