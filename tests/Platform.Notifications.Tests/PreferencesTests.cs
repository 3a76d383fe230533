using System.Net;
using System.Net.Http.Json;
using static Platform.Notifications.Preferences.PreferencesEndpoints;

namespace Platform.Notifications.Tests;

/// <summary>A citizen chooses channels and language; notifications follow the choice, and the inbox is always among them.</summary>
public sealed class PreferencesTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task Without_a_choice_a_citizen_is_told_in_the_inbox_only_in_the_municipalitys_language()
    {
        var citizen = CaseEventsFor.NewCitizen();
        Assert.Equal(["inbox"], (await _notifications.Citizen(citizen).GetFromJsonAsync<PreferencesBody>("/citizens/me/preferences"))!.Channels);

        await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen, "skogsberg"));

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        Assert.Equal(["inbox"], notification.Deliveries.Select(d => d.Channel));
        Assert.Equal(("sv", "Vi har tagit emot ditt ärende: Report a broken street light"), (notification.Language, notification.Subject));
        Assert.Empty(_notifications.Mail.Messages);
    }

    [Fact]
    public async Task Saved_preferences_are_read_back_with_the_inbox_always_on()
    {
        var citizen = _notifications.Citizen(CaseEventsFor.NewCitizen());

        var saved = await citizen.PutAsJsonAsync("/citizens/me/preferences", new { channels = new[] { "sms" }, phone = "+4791234567", email = "kari@example.org", language = "nn" });

        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        var read = (await citizen.GetFromJsonAsync<PreferencesBody>("/citizens/me/preferences"))!;
        Assert.Equal(["inbox", "sms"], read.Channels);
        Assert.Equal(("kari@example.org", "+4791234567", "nn"), (read.Email, read.Phone, read.Language));
    }

    [Fact]
    public async Task The_chosen_channels_and_language_are_honoured_and_the_others_left_alone()
    {
        var byEmail = CaseEventsFor.NewCitizen();
        var emailOff = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(byEmail, new { channels = new[] { "inbox", "email" }, email = $"{byEmail}@example.org", language = "en" });
        // An address kept on file is not a wish to be e-mailed.
        await _notifications.SetPreferencesAsync(emailOff, new { channels = new[] { "inbox" }, email = $"{emailOff}@example.org" });

        await _notifications.DeliverAsync(CaseEventsFor.Opened(byEmail));
        await _notifications.DeliverAsync(CaseEventsFor.Opened(emailOff));

        Assert.Equal(["inbox", "email"], Assert.Single(await _notifications.SettledNotificationsAsync(byEmail, expected: 1)).Deliveries.Select(d => d.Channel));
        var inboxOnly = Assert.Single(await _notifications.SettledNotificationsAsync(emailOff, expected: 1));
        Assert.Equal(["inbox"], inboxOnly.Deliveries.Select(d => d.Channel));
        Assert.Equal("We received your request: Report a broken street light", Assert.Single(await _notifications.MailToAsync($"{byEmail}@example.org", 1)).Subject);
        Assert.DoesNotContain(_notifications.Mail.Messages, m => m.EnvelopeTo.Contains($"{emailOff}@example.org"));
    }

    [Fact]
    public async Task Without_an_sms_provider_an_sms_fails_at_once_saying_so_and_the_inbox_still_gets_the_notice()
    {
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "sms" }, phone = "+4791234567" });

        await _notifications.DeliverAsync(CaseEventsFor.Opened(citizen));

        var deliveries = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1)).Deliveries;
        Assert.Equal("Delivered", Assert.Single(deliveries, d => d.Channel == "inbox").Status);
        var sms = Assert.Single(deliveries, d => d.Channel == "sms");
        Assert.Equal(("Failed", 1, "+4791234567"), (sms.Status, sms.Attempts, sms.Address));
        Assert.Contains("No SMS provider", sms.FailureReason);
    }

    [Fact]
    public async Task Bad_preferences_are_a_400_naming_each_field_and_nothing_is_stored()
    {
        var citizen = _notifications.Citizen(CaseEventsFor.NewCitizen());

        var errors = await Problems.ValidationErrorsAsync(await citizen.PutAsJsonAsync("/citizens/me/preferences",
            new { channels = new[] { "inbox", "pigeon", "email", "sms" }, email = "Kari <kari@example.org>", language = "klingon" }));

        Assert.Equal(["/channels/1", "/email", "/language", "/phone"], errors.Keys.Order());
        Assert.Equal(["inbox"], (await citizen.GetFromJsonAsync<PreferencesBody>("/citizens/me/preferences"))!.Channels);
    }

    [Fact]
    public async Task A_phone_number_must_be_international()
    {
        var errors = await Problems.ValidationErrorsAsync(await _notifications.Citizen(CaseEventsFor.NewCitizen())
            .PutAsJsonAsync("/citizens/me/preferences", new { channels = new[] { "sms" }, phone = "91234567" }));

        Assert.Contains("E.164", Assert.Single(errors, e => e.Key == "/phone").Value.Single());
    }

    [Fact]
    public async Task Only_a_citizen_has_preferences() =>
        await Problems.ExpectAsync(await _notifications.CivilServant("fjordby").GetAsync("/citizens/me/preferences"), HttpStatusCode.Forbidden, "party, role or scope");
}
