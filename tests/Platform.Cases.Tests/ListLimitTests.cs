using Platform.Cases.Messages;

namespace Platform.Cases.Tests;

/// <summary>No list of the cases service answers more than a page of at most 200 items; the Link header leads to the rest.</summary>
public sealed class ListLimitTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task A_thread_of_250_messages_answers_at_most_200_at_a_time_however_many_are_asked_for_and_links_the_rest_in_order()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var start = DateTimeOffset.UtcNow;
        await _cases.Host.InScopeAsync(async (CasesDb db) =>
        {
            db.Messages.AddRange(Enumerable.Range(0, 250).Select(i => new CaseMessage
            {
                TenantId = "fjordby", CaseId = @case.Id, AuthorParty = "citizen", AuthorId = "kari", Body = $"Message {i}", PostedAt = start.AddSeconds(i),
            }));
            return await db.SaveChangesAsync();
        });

        var pages = await Pages.ReadAllAsync(_cases.Citizen("kari"), $"/tenants/fjordby/cases/{@case.Id}/messages?limit=100000");

        Assert.Equal([200, 50], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(0, 250).Select(i => $"Message {i}"), pages.SelectMany(p => p).Select(m => m.GetProperty("body").GetString()));
    }
}
