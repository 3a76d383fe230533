using System.Net.Http.Json;
using MassTransit;
using MassTransit.Testing;
using Platform.Contracts.Cases;
using Platform.Contracts.Notifications;
using Platform.Notifications.Inbox;
using static Platform.Notifications.Inbox.InboxEndpoints;

namespace Platform.Notifications.Tests;

public sealed class CaseOpenedNoticeTests : IAsyncLifetime
{
    private readonly InMemoryBusHost<NotificationsDb> _notifications = new(mediator: m => m.AddConsumer<NoticeCitizenOnCaseOpened>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task A_citizen_whose_case_was_opened_finds_its_case_number_in_their_inbox()
    {
        var opened = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");

        await _notifications.Bus.Bus.Publish(opened);

        var notice = Assert.Single(await InboxAsync(opened.CitizenId, expected: 1));
        Assert.Equal(("fjordby", opened.CaseId, "case-opened", false), (notice.TenantId, notice.CaseId, notice.Kind, notice.IsRead));
        Assert.Contains(opened.CaseNumber, notice.Body);
        Assert.Contains(opened.FormTitle, notice.Subject);
    }

    [Fact]
    public async Task The_delivery_to_the_inbox_is_announced()
    {
        var opened = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");

        await _notifications.Bus.Bus.Publish(opened);

        var notice = Assert.Single(await InboxAsync(opened.CitizenId, expected: 1));
        var delivered = await Eventually.Until(
            () => Task.FromResult(_notifications.Bus.Published.Select<NotificationDelivered>(p => p.Context.Message.CaseId == opened.CaseId).FirstOrDefault()),
            p => p is not null,
            "NotificationDelivered to leave the outbox");
        var message = delivered!.Context.Message;
        Assert.Equal((notice.Id, "fjordby", opened.CitizenId, "inbox"), (message.NotificationId, message.TenantId, message.CitizenId, message.Channel));
    }

    [Fact]
    public async Task A_redelivered_case_opened_leaves_one_notice_and_one_announcement()
    {
        var opened = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");
        var messageId = Guid.NewGuid();

        await _notifications.Mediator.Send(opened, context => context.MessageId = messageId);
        await _notifications.Mediator.Send(opened, context => context.MessageId = messageId);

        Assert.Single((await _notifications.Http.GetFromJsonAsync<List<NoticeView>>($"/citizens/{opened.CitizenId}/inbox"))!);
        Assert.Single(await _notifications.QueuedAsync<NotificationDelivered>());
    }

    [Fact]
    public async Task A_case_opened_republished_under_a_new_message_id_still_leaves_one_notice()
    {
        var opened = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");

        // Cases' outbox may publish an event again after a crash; the case id, not the message id, says it is the same.
        await _notifications.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());
        await _notifications.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());

        Assert.Single((await _notifications.Http.GetFromJsonAsync<List<NoticeView>>($"/citizens/{opened.CitizenId}/inbox"))!);
        Assert.Single(await _notifications.QueuedAsync<NotificationDelivered>());
    }

    [Fact]
    public async Task A_citizen_sees_only_their_own_notices()
    {
        var mine = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");
        var theirs = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");

        await _notifications.Bus.Bus.Publish(mine);
        await _notifications.Bus.Bus.Publish(theirs);

        Assert.Single(await InboxAsync(theirs.CitizenId, expected: 1));
        var notice = Assert.Single(await InboxAsync(mine.CitizenId, expected: 1));
        Assert.Equal(mine.CaseId, notice.CaseId);
    }

    private Task<List<NoticeView>> InboxAsync(string citizenId, int expected) =>
        Eventually.Until(
            async () => (await _notifications.Http.GetFromJsonAsync<List<NoticeView>>($"/citizens/{citizenId}/inbox"))!,
            notices => notices.Count >= expected,
            $"{expected} notice(s) in {citizenId}'s inbox");

    private static CaseOpened CaseOpenedFor(string citizenId)
    {
        var caseId = Guid.NewGuid();
        return new CaseOpened(caseId, $"FJO-2026-{caseId.ToString("N")[..6].ToUpperInvariant()}", "fjordby", Guid.NewGuid(), "street-light",
            "Report a broken street light", citizenId, "Received", DateTimeOffset.UtcNow);
    }
}
