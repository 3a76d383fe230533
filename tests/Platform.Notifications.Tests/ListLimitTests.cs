using Platform.Notifications.Deliveries;
using Platform.Notifications.Inbox;
using Platform.ServiceDefaults;

namespace Platform.Notifications.Tests;

/// <summary>No list of the notifications service answers more than a page of at most 200 items; the Link header leads to the rest.</summary>
public sealed class ListLimitTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task An_inbox_of_250_notices_answers_at_most_200_at_a_time_however_many_are_asked_for_and_links_the_rest()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var start = DateTimeOffset.UtcNow;
        await _notifications.Service.Host.InScopeAsync(async (NotificationsDb db) =>
        {
            db.Notices.AddRange(Enumerable.Range(0, 250).Select(i => new InboxNotice
            {
                TenantId = "fjordby", RecipientKind = RecipientKind.Citizen, RecipientId = citizen, Kind = "case-opened",
                Subject = $"Notice {i}", Body = "b", CreatedAt = start.AddSeconds(i),
            }));
            return await db.SaveChangesAsync();
        });

        var pages = await Pages.ReadAllAsync(_notifications.Citizen(citizen), "/citizens/me/inbox?limit=100000");

        Assert.Equal([200, 50], pages.Select(p => p.Count));
        Assert.Equal(250, pages.SelectMany(p => p).Select(n => n.GetProperty("id").GetGuid()).Distinct().Count());
        Assert.Equal(Paging.DefaultLimit, (await Pages.ReadAllAsync(_notifications.Citizen(citizen), "/citizens/me/inbox"))[0].Count);
    }
}
