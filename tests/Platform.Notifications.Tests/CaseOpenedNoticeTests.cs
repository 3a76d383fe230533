using System.Net.Http.Json;
using Platform.Contracts.Notifications;
using static Platform.Notifications.Inbox.InboxEndpoints;

namespace Platform.Notifications.Tests;

public sealed class CaseOpenedNoticeTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task A_citizen_whose_case_was_opened_finds_its_case_number_in_their_inbox()
    {
        var opened = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());

        await _notifications.Service.Bus.Bus.Publish(opened);

        var notice = Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1));
        Assert.Equal(("fjordby", opened.CaseId, "case-opened", false), (notice.TenantId, notice.CaseId, notice.Kind, notice.IsRead));
        Assert.Contains(opened.CaseNumber, notice.Body);
        Assert.Contains(opened.FormTitle, notice.Subject);
    }

    [Fact]
    public async Task The_delivery_to_the_inbox_is_announced()
    {
        var opened = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());

        await _notifications.Service.Bus.Bus.Publish(opened);

        var notice = Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1));
        var delivered = await Eventually.Until(
            () => Task.FromResult(_notifications.Service.Bus.Published.Select<NotificationDelivered>(p => p.Context.Message.CaseId == opened.CaseId).FirstOrDefault()),
            p => p is not null,
            "NotificationDelivered to leave the outbox");
        var message = delivered!.Context.Message;
        Assert.Equal((notice.Id, "fjordby", opened.CitizenId, "inbox"), (message.NotificationId, message.TenantId, message.CitizenId, message.Channel));
    }

    [Fact]
    public async Task A_redelivered_case_opened_leaves_one_notice_and_one_announcement()
    {
        var opened = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());
        var messageId = Guid.NewGuid();

        await _notifications.DeliverAsync(opened, messageId);
        await _notifications.DeliverAsync(opened, messageId);

        var settled = await _notifications.SettledNotificationsAsync(opened.CitizenId, expected: 1);
        Assert.Single(Assert.Single(settled).Deliveries);
        Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1));
        Assert.Single(await _notifications.Service.QueuedAsync<NotificationDelivered>());
    }

    [Fact]
    public async Task A_case_opened_republished_under_a_new_message_id_still_leaves_one_notice()
    {
        var opened = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());

        // Cases' outbox may publish an event again after a crash; the case id, not the message id, says it is the same.
        await _notifications.DeliverAsync(opened);
        await _notifications.DeliverAsync(opened);

        var settled = await _notifications.SettledNotificationsAsync(opened.CitizenId, expected: 1);
        Assert.Single(Assert.Single(settled).Deliveries);
        Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1));
        Assert.Single(await _notifications.Service.QueuedAsync<NotificationDelivered>());
    }

    [Fact]
    public async Task A_citizen_sees_only_their_own_notices()
    {
        var mine = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());
        var theirs = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());

        await _notifications.Service.Bus.Bus.Publish(mine);
        await _notifications.Service.Bus.Bus.Publish(theirs);

        Assert.Single(await _notifications.InboxAsync(theirs.CitizenId, expected: 1));
        var notice = Assert.Single(await _notifications.InboxAsync(mine.CitizenId, expected: 1));
        Assert.Equal(mine.CaseId, notice.CaseId);
    }

    [Fact]
    public async Task A_citizens_inbox_gathers_the_notices_of_every_municipality()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var fjordby = CaseEventsFor.Opened(citizen, "fjordby");
        var skogsberg = CaseEventsFor.Opened(citizen, "skogsberg");

        await _notifications.Service.Bus.Bus.Publish(fjordby);
        await _notifications.Service.Bus.Bus.Publish(skogsberg);

        var notices = await _notifications.InboxAsync(citizen, expected: 2);
        Assert.Equal(["fjordby", "skogsberg"], notices.Select(n => n.TenantId).Order());
        Assert.Equal([fjordby.CaseId, skogsberg.CaseId], notices.OrderBy(n => n.TenantId).Select(n => n.CaseId));
    }

    [Fact]
    public async Task A_citizen_pages_through_their_inbox_and_marks_notices_read_and_unread()
    {
        var citizen = CaseEventsFor.NewCitizen();
        foreach (var _ in Enumerable.Range(0, 3))
        {
            await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen));
        }

        var all = await _notifications.InboxAsync(citizen, expected: 3);
        var inbox = _notifications.Citizen(citizen);
        var secondPage = (await inbox.GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox?limit=2&offset=2"))!;
        Assert.Equal([all[2].Id], secondPage.Select(n => n.Id));

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await inbox.PutAsync($"/citizens/me/inbox/{all[0].Id}/read", null)).StatusCode);
        var unread = (await inbox.GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox?unread=true"))!;
        Assert.Equal(all.Skip(1).Select(n => n.Id), unread.Select(n => n.Id));

        Assert.Equal(System.Net.HttpStatusCode.NoContent, (await inbox.DeleteAsync($"/citizens/me/inbox/{all[0].Id}/read")).StatusCode);
        Assert.Equal(3, (await inbox.GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox?unread=true"))!.Count);
    }

    [Fact]
    public async Task Another_citizens_notice_cannot_be_marked_read()
    {
        var opened = CaseEventsFor.Opened(CaseEventsFor.NewCitizen());
        await _notifications.DeliverAsync(opened);
        var notice = Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1));

        await Problems.ExpectAsync(await _notifications.Citizen(CaseEventsFor.NewCitizen()).PutAsync($"/citizens/me/inbox/{notice.Id}/read", null),
            System.Net.HttpStatusCode.NotFound, "no such notice");
        Assert.False(Assert.Single(await _notifications.InboxAsync(opened.CitizenId, expected: 1)).IsRead);
    }
}
