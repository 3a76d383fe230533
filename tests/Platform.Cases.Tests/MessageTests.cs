using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.Messages.MessageEndpoints;

namespace Platform.Cases.Tests;

/// <summary>The thread between the citizen and the municipality's civil servants; each message announced for notifications.</summary>
public sealed class MessageTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task The_citizen_and_the_caseworker_exchange_messages_each_announced_with_an_excerpt()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var kari = _cases.Citizen("kari");
        var ingrid = _cases.Caseworker();
        var question = "Will the lamp be fixed before the dark evenings? " + new string('.', 200);

        var asked = await kari.ActAsync(@case, "messages", new { body = question }).OkAsync<MessageView>();
        var reply = await ingrid.ActAsync(@case, "messages", new { body = "Yes, the crew comes on Thursday." }).OkAsync<MessageView>();

        var thread = (await kari.GetFromJsonAsync<List<MessageView>>($"/tenants/fjordby/cases/{@case.Id}/messages"))!;
        Assert.Equal([("citizen", "kari", question), ("civil-servant", "ingrid", "Yes, the crew comes on Thursday.")],
            thread.Select(m => (m.AuthorParty, m.AuthorId, m.Body)));
        Assert.Equal(thread, (await ingrid.GetFromJsonAsync<List<MessageView>>($"/tenants/fjordby/cases/{@case.Id}/messages"))!);
        var posted = await _cases.QueuedAsync<CaseMessagePosted>(e => e.Case.CaseId == @case.Id);
        Assert.Equal([asked.Id, reply.Id], posted.Select(p => p.MessageId));
        Assert.Equal(140, posted[0].Excerpt.Length);
        Assert.StartsWith("Will the lamp be fixed", posted[0].Excerpt);
        Assert.Equal(("civil-servant", "Yes, the crew comes on Thursday."), (posted[1].AuthorParty, posted[1].Excerpt));
        // A message does not change the case, so it cannot collide with a caseworker's step on it.
        Assert.Equal(@case.Version, (await ingrid.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{@case.Id}"))!.Version);
    }

    [Fact]
    public async Task Another_citizen_neither_reads_nor_writes_the_thread_and_a_partner_does_not_read_it()
    {
        var @case = await _cases.OpenAsync(Submitted.StreetLight("fjordby", "kari", via: "nordbank"));
        await _cases.Citizen("kari").ActAsync(@case, "messages", new { body = "Private words." }).OkAsync<MessageView>();

        var ola = _cases.Citizen("ola");
        await Problems.ExpectAsync(await ola.GetAsync($"/tenants/fjordby/cases/{@case.Id}/messages"), HttpStatusCode.NotFound, @case.Id.ToString());
        await Problems.ExpectAsync(await ola.ActAsync(@case, "messages", new { body = "Hello?" }), HttpStatusCode.NotFound, @case.Id.ToString());
        await Problems.ExpectAsync(await _cases.As(_cases.Tokens.Partner("nordbank", "cases.read")).GetAsync($"/tenants/fjordby/cases/{@case.Id}/messages"),
            HttpStatusCode.Forbidden, "party, role or scope");
        Assert.Single(await _cases.QueuedAsync<CaseMessagePosted>(e => e.Case.CaseId == @case.Id));
    }

    [Fact]
    public async Task The_thread_closes_with_the_case_and_an_empty_message_is_a_400()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var kari = _cases.Citizen("kari");
        Assert.Equal(["/body"], (await Problems.ValidationErrorsAsync(await kari.ActAsync(@case, "messages", new { body = "" }))).Keys);

        await kari.ActAsync(@case, "withdrawal").OkAsync<CaseView>();

        await Problems.ExpectAsync(await kari.ActAsync(@case, "messages", new { body = "One more thing." }), HttpStatusCode.Conflict, "is Withdrawn");
        Assert.Empty(await _cases.QueuedAsync<CaseMessagePosted>(e => e.Case.CaseId == @case.Id));
    }
}
