using System.Net.Http.Json;
using MassTransit;
using Platform.Contracts.Cases;
using static Platform.Notifications.Deliveries.StatusEndpoints;
using static Platform.Notifications.Inbox.InboxEndpoints;

namespace Platform.Notifications.Tests;

/// <summary>What each case event tells whom, exactly once per recipient and channel.</summary>
public sealed class CaseEventTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task A_status_change_tells_the_citizen_the_new_status_and_the_reason()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var changed = new CaseStatusChanged(CaseEventsFor.Reference(citizen), "UnderReview", "Decided", "ingrid@fjordby.no", DateTimeOffset.UtcNow,
            Reason: "Vi har reparert lyset.");

        await _notifications.DeliverAsync(changed);

        var notice = Assert.Single(await _notifications.InboxAsync(citizen, expected: 1));
        Assert.Equal(("case-status-changed", $"Saken din {changed.Case.CaseNumber} har fått ny status"), (notice.Kind, notice.Subject));
        Assert.Equal($"Saken din {changed.Case.CaseNumber} (Report a broken street light) er nå avgjort.\n\nVi har reparert lyset.", notice.Body.ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task An_information_request_tells_the_citizen_the_question()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var requested = new CaseInformationRequested(CaseEventsFor.Reference(citizen, "skogsberg"), Guid.NewGuid(), "Vilket stolpnummer?", "lars@skogsberg.se",
            DateTimeOffset.UtcNow);

        await _notifications.DeliverAsync(requested);

        var notice = Assert.Single(await _notifications.InboxAsync(citizen, expected: 1));
        Assert.Equal("case-information-requested", notice.Kind);
        Assert.Contains("Vilket stolpnummer?", notice.Body);
    }

    [Fact]
    public async Task A_message_from_a_civil_servant_tells_the_citizen_and_the_citizens_own_message_does_not()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var reference = CaseEventsFor.Reference(citizen);

        await _notifications.DeliverAsync(new CaseMessagePosted(reference, Guid.NewGuid(), "citizen", citizen, "Any news?", DateTimeOffset.UtcNow));
        await _notifications.DeliverAsync(new CaseMessagePosted(reference, Guid.NewGuid(), "civil-servant", "ingrid@fjordby.no", "Fixed on Friday.",
            DateTimeOffset.UtcNow.AddMinutes(1)));

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        Assert.Equal("case-message-posted", notification.Kind);
        Assert.Contains("Fixed on Friday.", Assert.Single(await _notifications.InboxAsync(citizen, expected: 1)).Body);
    }

    [Fact]
    public async Task Every_event_of_a_case_is_told_and_each_only_once_whatever_is_redelivered()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var address = $"{citizen}@example.org";
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = address });
        var reference = CaseEventsFor.Reference(citizen);
        var now = DateTimeOffset.UtcNow;
        object[] events =
        [
            new CaseStatusChanged(reference, "Received", "UnderReview", "ingrid@fjordby.no", now),
            new CaseStatusChanged(reference, "UnderReview", "AwaitingCitizen", "ingrid@fjordby.no", now.AddMinutes(1)),
            new CaseInformationRequested(reference, Guid.NewGuid(), "Which pole?", "ingrid@fjordby.no", now.AddMinutes(1)),
            new CaseMessagePosted(reference, Guid.NewGuid(), "civil-servant", "ingrid@fjordby.no", "Thanks.", now.AddMinutes(2)),
        ];

        // The broker redelivers each (same message id), and the cases outbox republishes each (a new message id).
        foreach (var evt in events)
        {
            var messageId = Guid.NewGuid();
            foreach (var id in new[] { messageId, messageId, Guid.NewGuid() })
            {
                await _notifications.Service.Mediator.Send(evt, evt.GetType(), Pipe.Execute<SendContext>(context => context.MessageId = id));
            }
        }

        var notifications = await _notifications.SettledNotificationsAsync(citizen, expected: 4);
        Assert.Equal(4, notifications.Count);
        Assert.All(notifications, n => Assert.Equal(["inbox", "email"], n.Deliveries.Select(d => d.Channel)));
        Assert.Equal(4, (await _notifications.MailToAsync(address, expected: 4)).Count);
        Assert.Equal(4, (await _notifications.InboxAsync(citizen, expected: 4)).Count);
    }

    [Fact]
    public async Task An_overdue_case_tells_its_caseworker_and_not_the_citizen()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var overdue = new CaseOverdue(CaseEventsFor.Reference(citizen), "servant-of-fjordby", DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);

        await _notifications.DeliverAsync(overdue);

        var inbox = await CaseworkerInboxAsync(_notifications.CivilServant("fjordby", "caseworker"), overdue.Case.CaseId);
        Assert.Equal(("case-overdue", $"Fristen er passert: sak {overdue.Case.CaseNumber}"), (inbox.Kind, inbox.Subject));
        Assert.DoesNotContain("ikke tildelt", inbox.Body);
        Assert.Empty((await _notifications.Citizen(citizen).GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox"))!);
        Assert.Empty(_notifications.Mail.Messages);
    }

    [Fact]
    public async Task An_overdue_case_nobody_is_assigned_goes_to_the_municipalitys_queue_and_shared_mailbox()
    {
        var overdue = new CaseOverdue(CaseEventsFor.Reference(CaseEventsFor.NewCitizen()), null, DateTimeOffset.UtcNow.AddDays(-1), DateTimeOffset.UtcNow);

        await _notifications.DeliverAsync(overdue);

        var inbox = await CaseworkerInboxAsync(_notifications.CivilServant("fjordby", "caseworker"), overdue.Case.CaseId);
        Assert.Contains("Saken er ikke tildelt noen ennå.", inbox.Body);
        var mail = Assert.Single(await _notifications.MailToAsync("postmottak@fjordby.no", expected: 1));
        Assert.Equal($"Fristen er passert: sak {overdue.Case.CaseNumber}", mail.Subject);
        var status = (await _notifications.CivilServant("fjordby", "caseworker")
            .GetFromJsonAsync<List<NotificationView>>($"/tenants/fjordby/notifications?caseId={overdue.Case.CaseId}"))!;
        Assert.Equal(("CaseworkerQueue", "fjordby/queue"), (Assert.Single(status).RecipientKind, status[0].RecipientId));
        Assert.All(status[0].Deliveries, d => Assert.Null(d.Address));
    }

    [Fact]
    public async Task A_municipality_reads_the_delivery_status_of_its_own_notifications_only()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var opened = CaseEventsFor.Opened(citizen, "skogsberg");
        await _notifications.DeliverAsync(opened);
        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));

        var own = await _notifications.CivilServant("skogsberg", "caseworker").GetFromJsonAsync<NotificationView>($"/tenants/skogsberg/notifications/{notification.Id}");
        Assert.Equal(("Delivered", citizen), (Assert.Single(own!.Deliveries).Status, own.RecipientId));

        await Problems.ExpectAsync(await _notifications.CivilServant("fjordby", "caseworker").GetAsync($"/tenants/skogsberg/notifications/{notification.Id}"),
            System.Net.HttpStatusCode.NotFound, "no such resource");
        Assert.Equal(System.Net.HttpStatusCode.NotFound,
            (await _notifications.CivilServant("fjordby", "caseworker").GetAsync($"/tenants/fjordby/notifications/{notification.Id}")).StatusCode);
    }

    private static Task<NoticeView> CaseworkerInboxAsync(HttpClient caseworker, Guid caseId) =>
        Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<NoticeView>>("/tenants/fjordby/caseworkers/me/inbox"))!.FirstOrDefault(n => n.CaseId == caseId),
            notice => notice is not null,
            "the overdue notice in the caseworker's inbox")!;
}
