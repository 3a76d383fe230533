using System.Net.Http.Json;
using Platform.Contracts.Notifications;

namespace Platform.Notifications.Tests;

/// <summary>E-mail travels over a real SMTP conversation (MailKit to the in-process mail sink), worded by the municipality's template.</summary>
public sealed class EmailOverSmtpTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task A_citizen_who_chose_email_receives_the_rendered_subject_and_body_from_the_municipality()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var address = $"{citizen}@example.org";
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "inbox", "email" }, email = address, language = "en" });
        var opened = CaseEventsFor.Opened(citizen);

        await _notifications.DeliverAsync(opened);

        var mail = Assert.Single(await _notifications.MailToAsync(address, expected: 1));
        Assert.Equal("We received your request: Report a broken street light", mail.Subject);
        Assert.Equal(
            $"Your case number is {opened.CaseNumber}. We aim to decide by 14 December 2026.\nWe will let you know when its status changes.",
            mail.TextBody!.Trim().ReplaceLineEndings("\n"));
        Assert.Equal("\"Fjordby kommune\" <no-reply@fjordby.no>", mail.From);
        Assert.Equal([address], mail.To);
    }

    [Fact]
    public async Task The_email_is_marked_sent_and_announced_beside_the_inbox_delivery()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var address = $"{citizen}@example.org";
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = address });
        var opened = CaseEventsFor.Opened(citizen);

        await _notifications.DeliverAsync(opened);

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        Assert.Equal([("inbox", "Delivered", (string?)null), ("email", "Sent", address)], notification.Deliveries.Select(d => (d.Channel, d.Status, d.Address)));
        Assert.Equal("nb", notification.Language);
        var announced = await Eventually.Until(
            () => Task.FromResult(_notifications.Service.Bus.Published.Select<NotificationDelivered>(p => p.Context.Message.CaseId == opened.CaseId)
                .Select(p => p.Context.Message.Channel).Order().ToList()),
            channels => channels.Count == 2, "NotificationDelivered for both channels");
        Assert.Equal(["email", "inbox"], announced);
    }

    [Fact]
    public async Task A_municipalitys_own_template_words_the_email()
    {
        using var admin = _notifications.CivilServant("fjordby", "tenant-admin");
        (await admin.PutAsJsonAsync("/tenants/fjordby/templates/case-opened/en", new
        {
            subject = "Fjordby: {{ form_title | upcase }} received",
            // A line starting with a dot travels dot-stuffed over SMTP (RFC 5321 4.5.2) and must arrive as written.
            body = "Case {{ case_number }} is {{ status }}; due {{ due_date | date: '%Y-%m-%d' }}.\n.Fjordby kommune",
            sms = "Case {{ case_number }} received.",
        })).EnsureSuccessStatusCode();
        var citizen = CaseEventsFor.NewCitizen();
        var address = $"{citizen}@example.org";
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = address, language = "en" });
        var opened = CaseEventsFor.Opened(citizen);

        await _notifications.DeliverAsync(opened);

        var mail = Assert.Single(await _notifications.MailToAsync(address, expected: 1));
        Assert.Equal("Fjordby: REPORT A BROKEN STREET LIGHT received", mail.Subject);
        Assert.Equal($"Case {opened.CaseNumber} is Received; due 2026-12-14.\n.Fjordby kommune", mail.TextBody!.Trim().ReplaceLineEndings("\n"));
    }

    [Fact]
    public async Task Emails_in_a_row_share_one_smtp_connection_and_one_the_server_dropped_is_replaced_without_a_failed_attempt()
    {
        var citizen = CaseEventsFor.NewCitizen();
        var address = $"{citizen}@example.org";
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = address });

        await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen));
        await _notifications.MailToAsync(address, expected: 1);
        await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen));
        await _notifications.MailToAsync(address, expected: 2);
        Assert.Equal(1, _notifications.Mail.Connections);

        _notifications.Mail.DropConnections();
        await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen));

        await _notifications.MailToAsync(address, expected: 3);
        Assert.Equal(2, _notifications.Mail.Connections);
        var notifications = await _notifications.SettledNotificationsAsync(citizen, expected: 3);
        Assert.All(notifications.SelectMany(n => n.Deliveries).Where(d => d.Channel == "email"), email => Assert.Equal(("Sent", 1), (email.Status, email.Attempts)));
    }

    [Fact]
    public async Task An_unreachable_smtp_server_is_retried_and_then_the_delivery_fails_with_its_reason()
    {
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = $"{citizen}@example.org" });
        await _notifications.Mail.DisposeAsync();
        var opened = CaseEventsFor.Opened(citizen);

        await _notifications.DeliverAsync(opened);

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        var email = Assert.Single(notification.Deliveries, d => d.Channel == "email");
        Assert.Equal(("Failed", 3), (email.Status, email.Attempts));
        Assert.Contains($"SMTP 127.0.0.1:{_notifications.Mail.Port}", email.FailureReason);
        var failed = Assert.Single(await _notifications.Service.QueuedAsync<NotificationFailed>());
        Assert.Contains("\"channel\":\"email\"", failed.Body);
    }
}
