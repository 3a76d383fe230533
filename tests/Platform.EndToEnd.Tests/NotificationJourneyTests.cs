using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A citizen who asked to be told by e-mail submits a form through the gateway: the case's opening reaches their inbox
/// and, over real SMTP, the local mail sink, worded in the municipality's language, and its delivery status says so.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NotificationJourneyTests(PlatformFixture platform)
{
    private const string Citizen = "citizen-ola";

    [Fact]
    public async Task A_citizen_who_chose_email_finds_the_opened_case_in_their_inbox_and_their_mailbox()
    {
        using var citizen = platform.As(await platform.CitizenTokenAsync(Citizen));
        var address = $"ola-{Guid.NewGuid():N}@example.org";
        var preferences = await citizen.PutAsJsonAsync("/api/notifications/citizens/me/preferences", new { channels = new[] { "inbox", "email" }, email = address });
        Assert.Equal(HttpStatusCode.OK, preferences.StatusCode);

        var submitted = await citizen.PostAsJsonAsync("/api/forms/tenants/fjordby/forms/street-light/submissions", new
        {
            data = new { location = new { latitude = 59.91, longitude = 10.75, address = "Storgata 9" }, description = "Notification journey: the lamp is out." },
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);

        var submissionId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetString();
        using var caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));
        var @case = (await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/fjordby/cases?submissionId={submissionId}"))!,
            found => found.Count == 1, "the case of the submission"))[0];
        var caseId = @case.GetProperty("id").GetString();

        var mail = await Eventually.Until(
            () => Task.FromResult(platform.Mail.Messages.FirstOrDefault(m => m.EnvelopeTo.Contains(address))),
            found => found is not null, "the e-mail in the mail sink");
        // Fjordby speaks Norwegian bokmål to a citizen who chose no language.
        Assert.StartsWith("Vi har mottatt saken din: ", mail!.Subject);
        Assert.Contains($"Saksnummeret ditt er {@case.GetProperty("caseNumber").GetString()}.", mail.TextBody);
        Assert.Contains("Fjordby kommune", mail.From);

        // The inbox and the e-mail are two deliveries of one notification, made in either order.
        var notice = (await Eventually.Until(
            async () => (await citizen.GetFromJsonAsync<List<JsonElement>>("/api/notifications/citizens/me/inbox?limit=200"))!
                .Where(n => n.GetProperty("caseId").GetString() == caseId).ToList(),
            found => found.Count == 1, "the notice in the inbox"))[0];
        Assert.Equal(mail.Subject, notice.GetProperty("subject").GetString());
        var status = await Eventually.Until(
            async () => await citizen.GetFromJsonAsync<JsonElement>($"/api/notifications/citizens/me/notifications/{notice.GetProperty("id").GetString()}"),
            n => n.GetProperty("deliveries").EnumerateArray().All(d => d.GetProperty("status").GetString() != "Pending"), "the deliveries to settle");
        Assert.Equal(["inbox:Delivered", "email:Sent"],
            status.GetProperty("deliveries").EnumerateArray().Select(d => $"{d.GetProperty("channel").GetString()}:{d.GetProperty("status").GetString()}"));
    }
}
