using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.AspNetCore.Http;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

public sealed class OpeningCasesTests : IAsyncLifetime
{
    private readonly InMemoryBusHost<CasesDb> _cases = new(mediator: m => m.AddConsumer<OpenCaseOnFormSubmitted>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_submitted_form_opens_a_case_in_its_municipalitys_queue()
    {
        var submitted = StreetLightSubmitted("fjordby");

        await _cases.Bus.Bus.Publish(submitted);

        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        Assert.Equal(("fjordby", "street-light", 1, "Report a broken street light", submitted.CitizenId, "Received"),
            (@case.TenantId, @case.FormKey, @case.FormVersion, @case.FormTitle, @case.CitizenId, @case.Status));
        Assert.Matches($"^FJO-{@case.OpenedAt:yyyy}-[0-9A-F]{{6}}$", @case.CaseNumber);
        Assert.Equal(@case, await _cases.Http.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"));
    }

    [Fact]
    public async Task An_opened_case_is_announced_with_its_case_number()
    {
        var submitted = StreetLightSubmitted("fjordby");

        await _cases.Bus.Bus.Publish(submitted);

        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        var opened = await Eventually.Until(
            () => Task.FromResult(_cases.Bus.Published.Select<CaseOpened>(p => p.Context.Message.CaseId == @case.Id).FirstOrDefault()),
            p => p is not null,
            "CaseOpened to leave the outbox");
        var message = opened!.Context.Message;
        // The database keeps time to the millisecond (SQLite has no timestamp type); the event carries the full value.
        Assert.Equal(@case.OpenedAt, message.OpenedAt, TimeSpan.FromMilliseconds(1));
        Assert.Equal(
            new CaseOpened(@case.Id, @case.CaseNumber, "fjordby", submitted.SubmissionId, "street-light", "Report a broken street light",
                submitted.CitizenId, "Received", message.OpenedAt),
            message);
    }

    [Fact]
    public async Task A_submission_announced_twice_under_different_message_ids_opens_one_case_and_announces_it_once()
    {
        var submitted = StreetLightSubmitted("fjordby");
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
        var submitted = StreetLightSubmitted("fjordby");
        var messageId = Guid.NewGuid();

        // The broker redelivers with the same message id, e.g. after the first acknowledgement was lost.
        await _cases.Mediator.Send(submitted, context => context.MessageId = messageId);
        await _cases.Mediator.Send(submitted, context => context.MessageId = messageId);

        Assert.Equal(1, await _cases.HandledCountAsync(messageId));
        Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));
        Assert.Single(await _cases.QueuedAsync<CaseOpened>());
    }

    [Fact]
    public async Task Another_municipality_neither_lists_nor_reads_the_case()
    {
        var submitted = StreetLightSubmitted("fjordby");
        await _cases.Bus.Bus.Publish(submitted);
        var @case = Assert.Single(await CasesOfAsync("fjordby", submitted.SubmissionId, expected: 1));

        Assert.Empty((await _cases.Http.GetFromJsonAsync<List<CaseView>>($"/tenants/skogsberg/cases?submissionId={submitted.SubmissionId}"))!);
        Assert.DoesNotContain(await _cases.Http.GetFromJsonAsync<List<CaseView>>("/tenants/skogsberg/cases") ?? [], c => c.Id == @case.Id);

        using var response = await _cases.Http.GetAsync($"/tenants/skogsberg/cases/{@case.Id}");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.DoesNotContain(submitted.CitizenId, problem!.Detail);
    }

    [Fact]
    public async Task Each_municipality_sees_only_its_own_cases()
    {
        var fjordby = StreetLightSubmitted("fjordby");
        var skogsberg = StreetLightSubmitted("skogsberg");

        await _cases.Bus.Bus.Publish(fjordby);
        await _cases.Bus.Bus.Publish(skogsberg);

        var fjordbyCase = Assert.Single(await CasesOfAsync("fjordby", fjordby.SubmissionId, expected: 1));
        var skogsbergCase = Assert.Single(await CasesOfAsync("skogsberg", skogsberg.SubmissionId, expected: 1));
        Assert.StartsWith("SKO-", skogsbergCase.CaseNumber);
        Assert.Equal([fjordbyCase.Id], (await _cases.Http.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases"))!.Select(c => c.Id));
    }

    private Task<List<CaseView>> CasesOfAsync(string tenant, Guid submissionId, int expected) =>
        Eventually.Until(
            async () => (await _cases.Http.GetFromJsonAsync<List<CaseView>>($"/tenants/{tenant}/cases?submissionId={submissionId}"))!,
            cases => cases.Count >= expected,
            $"{expected} case(s) for submission {submissionId} in {tenant}");

    private static FormSubmitted StreetLightSubmitted(string tenant) => new(
        SubmissionId: Guid.NewGuid(),
        TenantId: tenant,
        FormKey: "street-light",
        FormVersion: 1,
        FormTitle: "Report a broken street light",
        CitizenId: $"citizen-{Guid.NewGuid():N}",
        Data: JsonSerializer.SerializeToElement(new { location = new { latitude = 59.91, longitude = 10.75 }, description = "The lamp is out." }),
        SubmittedAt: DateTimeOffset.UtcNow);
}
