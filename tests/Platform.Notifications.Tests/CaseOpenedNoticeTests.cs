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
    private readonly TestIdentityProvider _tokens = new();
    private readonly InMemoryBusHost<NotificationsDb> _notifications;
    private readonly List<HttpClient> _clients = [];

    public CaseOpenedNoticeTests() => _notifications = new(_tokens.Settings, mediator: m => m.AddConsumer<NoticeCitizenOnCaseOpened>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _notifications.DisposeAsync();
        _tokens.Dispose();
    }

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

        Assert.Single((await Citizen(opened.CitizenId).GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox"))!);
        Assert.Single(await _notifications.QueuedAsync<NotificationDelivered>());
    }

    [Fact]
    public async Task A_case_opened_republished_under_a_new_message_id_still_leaves_one_notice()
    {
        var opened = CaseOpenedFor($"citizen-{Guid.NewGuid():N}");

        // Cases' outbox may publish an event again after a crash; the case id, not the message id, says it is the same.
        await _notifications.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());
        await _notifications.Mediator.Send(opened, context => context.MessageId = Guid.NewGuid());

        Assert.Single((await Citizen(opened.CitizenId).GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox"))!);
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

    [Fact]
    public async Task A_citizens_inbox_gathers_the_notices_of_every_municipality()
    {
        var citizen = $"citizen-{Guid.NewGuid():N}";
        var fjordby = CaseOpenedFor(citizen, "fjordby");
        var skogsberg = CaseOpenedFor(citizen, "skogsberg");

        await _notifications.Bus.Bus.Publish(fjordby);
        await _notifications.Bus.Bus.Publish(skogsberg);

        var notices = await InboxAsync(citizen, expected: 2);
        Assert.Equal(["fjordby", "skogsberg"], notices.Select(n => n.TenantId).Order());
        Assert.Equal([fjordby.CaseId, skogsberg.CaseId], notices.OrderBy(n => n.TenantId).Select(n => n.CaseId));
    }

    private Task<List<NoticeView>> InboxAsync(string citizenId, int expected) =>
        Eventually.Until(
            async () => (await Citizen(citizenId).GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox"))!,
            notices => notices.Count >= expected,
            $"{expected} notice(s) in {citizenId}'s inbox");

    private HttpClient Citizen(string citizenId)
    {
        var client = _notifications.Host.CreateClient().WithToken(_tokens.Citizen(citizenId));
        _clients.Add(client);
        return client;
    }

    private static CaseOpened CaseOpenedFor(string citizenId, string tenantId = "fjordby")
    {
        var caseId = Guid.NewGuid();
        return new CaseOpened(caseId, $"{tenantId[..3].ToUpperInvariant()}-2026-{caseId.ToString("N")[..6].ToUpperInvariant()}", tenantId, Guid.NewGuid(),
            "street-light", "Report a broken street light", citizenId, "Received", DateTimeOffset.UtcNow);
    }
}
