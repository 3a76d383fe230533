using System.Net;
using System.Net.Http.Json;
using MassTransit;
using MassTransit.Testing;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

public sealed class OpeningCasesTests : IAsyncLifetime
{
    private readonly TestIdentityProvider _tokens = new();
    private readonly InMemoryBusHost<CasesDb> _cases;
    private readonly HttpClient _fjordby;
    private readonly HttpClient _skogsberg;

    public OpeningCasesTests()
    {
        _cases = new(_tokens.Settings, mediator: m => m.AddConsumer<OpenCaseOnFormSubmitted>());
        _fjordby = _cases.Host.CreateClient().WithToken(_tokens.CivilServant("fjordby", Roles.Caseworker));
        _skogsberg = _cases.Host.CreateClient().WithToken(_tokens.CivilServant("skogsberg", Roles.Caseworker));
    }

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _fjordby.Dispose();
        _skogsberg.Dispose();
        await _cases.DisposeAsync();
        _tokens.Dispose();
    }

    [Fact]
    public async Task A_submitted_form_opens_a_case_in_its_municipalitys_queue()
    {
        var submitted = Submitted.StreetLight("fjordby");

        await _cases.Bus.Bus.Publish(submitted);

        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        Assert.Equal(("fjordby", "street-light", 1, "Report a broken street light", submitted.CitizenId, "Received"),
            (@case.TenantId, @case.FormKey, @case.FormVersion, @case.FormTitle, @case.CitizenId, @case.Status));
        Assert.Matches($"^FJO-{@case.OpenedAt:yyyy}-[0-9A-F]{{6}}$", @case.CaseNumber);
        Assert.Equal(@case, await _fjordby.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"));
    }

    [Fact]
    public async Task An_opened_case_is_announced_with_its_case_number()
    {
        var submitted = Submitted.StreetLight("fjordby");

        await _cases.Bus.Bus.Publish(submitted);

        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        var opened = await Eventually.Until(
            () => Task.FromResult(_cases.Bus.Published.Select<CaseOpened>(p => p.Context.Message.CaseId == @case.Id).FirstOrDefault()),
            p => p is not null,
            "CaseOpened to leave the outbox");
        var message = opened!.Context.Message;
        // The database keeps time to the millisecond (SQLite has no timestamp type); the event carries the full value.
        Assert.Equal(@case.OpenedAt, message.OpenedAt, TimeSpan.FromMilliseconds(1));
        // Due when the form's expected processing time (5 days for this form) runs out.
        Assert.Equal(@case.DueAt, message.DueAt!.Value, TimeSpan.FromMilliseconds(1));
        Assert.Equal(
            new CaseOpened(@case.Id, @case.CaseNumber, "fjordby", submitted.SubmissionId, "street-light", "Report a broken street light",
                submitted.CitizenId, "Received", message.OpenedAt, message.OpenedAt.AddDays(5)),
            message);
    }

    [Fact]
    public async Task A_submission_announced_twice_under_different_message_ids_opens_one_case_and_announces_it_once()
    {
        var submitted = Submitted.StreetLight("fjordby");
        var (first, second) = (Guid.NewGuid(), Guid.NewGuid());

        await _cases.Bus.Bus.Publish(submitted, context => context.MessageId = first);
        await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1);
        // As after a forms outbox that published, crashed before marking the row sent, and published again.
        await _cases.Bus.Bus.Publish(submitted, context => context.MessageId = second);
        await Eventually.Until(() => _cases.HandledCountAsync(second), handled => handled == 1, "the second copy to be consumed");

        Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        Assert.Single(await _cases.QueuedAsync<CaseOpened>());
    }

    [Fact]
    public async Task A_message_delivered_twice_is_handled_once()
    {
        var submitted = Submitted.StreetLight("fjordby");
        var messageId = Guid.NewGuid();

        // The broker redelivers with the same message id, e.g. after the first acknowledgement was lost.
        await _cases.Mediator.Send(submitted, context => context.MessageId = messageId);
        await _cases.Mediator.Send(submitted, context => context.MessageId = messageId);

        Assert.Equal(1, await _cases.HandledCountAsync(messageId));
        Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        Assert.Single(await _cases.QueuedAsync<CaseOpened>());
    }

    [Fact]
    public async Task Another_municipalitys_caseworker_neither_lists_nor_reads_the_case()
    {
        var submitted = Submitted.StreetLight("fjordby");
        await _cases.Bus.Bus.Publish(submitted);
        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));

        // On the other municipality's routes the skogsberg caseworker is turned away before any query runs.
        await AssertNotFoundAsync(await _skogsberg.GetAsync("/tenants/fjordby/cases"), submitted.CitizenId);
        await AssertNotFoundAsync(await _skogsberg.GetAsync($"/tenants/fjordby/cases/{@case.Id}"), submitted.CitizenId);
        // On their own, the fjordby case is not there.
        Assert.Empty((await _skogsberg.GetFromJsonAsync<List<CaseView>>($"/tenants/skogsberg/cases?submissionId={submitted.SubmissionId}"))!);
        await AssertNotFoundAsync(await _skogsberg.GetAsync($"/tenants/skogsberg/cases/{@case.Id}"), submitted.CitizenId);
    }

    [Fact]
    public async Task Each_municipality_sees_only_its_own_cases()
    {
        var fjordby = Submitted.StreetLight("fjordby");
        var skogsberg = Submitted.StreetLight("skogsberg");

        await _cases.Bus.Bus.Publish(fjordby);
        await _cases.Bus.Bus.Publish(skogsberg);

        var fjordbyCase = Assert.Single(await CasesOfAsync("fjordby", fjordby.SubmissionId, expected: 1));
        var skogsbergCase = Assert.Single(await CasesOfAsync("skogsberg", skogsberg.SubmissionId, expected: 1));
        Assert.StartsWith("SKO-", skogsbergCase.CaseNumber);
        Assert.Equal([fjordbyCase.Id], (await _fjordby.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases"))!.Select(c => c.Id));
    }

    private static async Task AssertNotFoundAsync(HttpResponseMessage response, string citizenId)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.DoesNotContain(citizenId, await response.Content.ReadAsStringAsync());
        }
    }

    private Task<List<CaseView>> CasesOfAsync(string tenant, Guid submissionId, int expected) =>
        Eventually.Until(
            async () => (await (tenant == "fjordby" ? _fjordby : _skogsberg).GetFromJsonAsync<List<CaseView>>($"/tenants/{tenant}/cases?submissionId={submissionId}"))!,
            cases => cases.Count >= expected,
            $"{expected} case(s) for submission {submissionId} in {tenant}");
}
