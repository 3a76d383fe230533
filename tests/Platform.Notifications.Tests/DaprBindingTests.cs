using System.Text.Json;
using Platform.Contracts.Cases;
using Platform.Contracts.Notifications;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;

namespace Platform.Notifications.Tests;

/// <summary>
/// With Dapr enabled, e-mail and SMS leave through the sidecar's output-binding API; WireMock stands in for the sidecar
/// (http://127.0.0.1:{port}/v1.0/bindings/{name}), exactly as a daprd would receive the calls.
/// </summary>
public sealed class DaprBindingTests : IAsyncLifetime
{
    private readonly WireMockServer _sidecar = WireMockServer.Start();
    private readonly NotificationsUnderTest _notifications;

    public DaprBindingTests() => _notifications = new NotificationsUnderTest(_sidecar);

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _notifications.DisposeAsync();
        _sidecar.Stop();
    }

    [Fact]
    public async Task An_sms_goes_through_the_sms_binding_with_the_create_operation_the_number_and_the_rendered_text()
    {
        _sidecar.Given(Request.Create().WithPath("/v1.0/bindings/notifications-sms").UsingPost()).RespondWith(Response.Create().WithStatusCode(204));
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "sms" }, phone = "+4791234567", language = "en" });
        var posted = new CaseMessagePosted(CaseEventsFor.Reference(citizen), Guid.NewGuid(), "civil-servant", "ingrid@fjordby.no",
            "We have sent an electrician.", DateTimeOffset.UtcNow);

        await _notifications.DeliverAsync(posted);

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        Assert.Equal("Sent", Assert.Single(notification.Deliveries, d => d.Channel == "sms").Status);
        var call = Assert.Single(_sidecar.LogEntries);
        Assert.Equal("/v1.0/bindings/notifications-sms", call.RequestMessage.Path);
        var body = JsonDocument.Parse(call.RequestMessage.Body!).RootElement;
        Assert.Equal("create", body.GetProperty("operation").GetString());
        Assert.Equal($"New message in case {posted.Case.CaseNumber}: We have sent an electrician.", body.GetProperty("data").GetString());
        Assert.Equal("+4791234567", body.GetProperty("metadata").GetProperty("toNumber").GetString());
    }

    [Fact]
    public async Task An_email_goes_through_the_email_binding_with_the_smtp_bindings_metadata()
    {
        _sidecar.Given(Request.Create().WithPath("/v1.0/bindings/notifications-email").UsingPost()).RespondWith(Response.Create().WithStatusCode(200));
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "email" }, email = "anna@example.se" });
        var opened = CaseEventsFor.Opened(citizen, "skogsberg");

        await _notifications.DeliverAsync(opened);

        await _notifications.SettledNotificationsAsync(citizen, expected: 1);
        var body = JsonDocument.Parse(Assert.Single(_sidecar.LogEntries).RequestMessage.Body!).RootElement;
        var metadata = body.GetProperty("metadata");
        Assert.Equal(("create", "anna@example.se", "Skogsbergs kommun <no-reply@skogsberg.se>", "Vi har tagit emot ditt ärende: Report a broken street light"),
            (body.GetProperty("operation").GetString(), metadata.GetProperty("emailTo").GetString(), metadata.GetProperty("emailFrom").GetString(),
                metadata.GetProperty("subject").GetString()));
        Assert.Contains(opened.CaseNumber, body.GetProperty("data").GetString());
        Assert.Empty(_notifications.Mail.Messages);
    }

    [Fact]
    public async Task A_failing_sidecar_is_retried_and_then_the_sms_is_marked_failed_and_announced()
    {
        _sidecar.Given(Request.Create().WithPath("/v1.0/bindings/notifications-sms").UsingPost())
            .RespondWith(Response.Create().WithStatusCode(500).WithBody("""{"errorCode":"ERR_INVOKE_OUTPUT_BINDING","message":"twilio: 503"}"""));
        var citizen = CaseEventsFor.NewCitizen();
        await _notifications.SetPreferencesAsync(citizen, new { channels = new[] { "sms" }, phone = "+46701234567" });
        var requested = new CaseInformationRequested(CaseEventsFor.Reference(citizen, "skogsberg"), Guid.NewGuid(), "Which pole?", "lars@skogsberg.se",
            DateTimeOffset.UtcNow);

        await _notifications.DeliverAsync(requested);

        var notification = Assert.Single(await _notifications.SettledNotificationsAsync(citizen, expected: 1));
        var sms = Assert.Single(notification.Deliveries, d => d.Channel == "sms");
        Assert.Equal(("Failed", 3), (sms.Status, sms.Attempts));
        Assert.Contains("ERR_INVOKE_OUTPUT_BINDING", sms.FailureReason);
        Assert.Equal(3, _sidecar.LogEntries.Count());
        Assert.Equal("Delivered", Assert.Single(notification.Deliveries, d => d.Channel == "inbox").Status);

        var failed = JsonSerializer.Deserialize<NotificationFailed>(Assert.Single(await _notifications.Service.QueuedAsync<NotificationFailed>()).Body,
            JsonSerializerOptions.Web)!;
        Assert.Equal((notification.Id, "skogsberg", citizen, "sms"), (failed.NotificationId, failed.TenantId, failed.RecipientId, failed.Channel));
        Assert.Contains("500", failed.Reason);
    }
}
