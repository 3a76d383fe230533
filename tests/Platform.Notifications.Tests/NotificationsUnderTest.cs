using System.Net.Http.Json;
using MassTransit;
using Platform.Contracts.Cases;
using Platform.MailSink;
using Platform.Notifications.CaseEvents;
using Platform.Notifications.Deliveries;
using WireMock.Server;
using static Platform.Notifications.Deliveries.StatusEndpoints;
using static Platform.Notifications.Inbox.InboxEndpoints;

namespace Platform.Notifications.Tests;

/// <summary>
/// The notifications service for a test: in-memory bus, its own database, e-mail over real SMTP to an in-process
/// <see cref="MailSink"/>, and with <c>daprSidecar</c> its e-mail and SMS through a WireMock stand-in for the Dapr
/// sidecar's HTTP API. Retries are configured short (20 ms, three attempts), so a test waits milliseconds, not minutes.
/// Given another instance, it is a second replica of the service on that one's database, sending to the same mail sink.
/// </summary>
public sealed class NotificationsUnderTest : IAsyncDisposable
{
    private readonly List<HttpClient> _clients = [];
    private readonly bool _ownsMail;

    public NotificationsUnderTest(WireMockServer? daprSidecar = null, NotificationsUnderTest? replicaOf = null, IDictionary<string, string?>? settings = null)
    {
        _ownsMail = replicaOf is null;
        Mail = replicaOf?.Mail ?? MailSink.MailSink.Start();
        var configuration = new Dictionary<string, string?>(Tokens.Settings)
        {
            ["Notifications:Delivery:PollInterval"] = "00:00:00.020",
            ["Notifications:Delivery:RetryBaseDelay"] = "00:00:00.020",
            ["Notifications:Delivery:MaxAttempts"] = "3",
            ["Notifications:Smtp:Host"] = "127.0.0.1",
            ["Notifications:Smtp:Port"] = Mail.Port.ToString(),
            ["Notifications:Smtp:Security"] = "None",
        };
        if (daprSidecar is not null)
        {
            configuration["Notifications:Dapr:Enabled"] = "true";
            configuration["DAPR_HTTP_ENDPOINT"] = daprSidecar.Url;
        }

        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            configuration[key] = value;
        }

        Service = new InMemoryBusHost<NotificationsDb>(configuration, mediator: m =>
        {
            m.AddConsumer<NotifyOnCaseOpened>();
            m.AddConsumer<NotifyOnCaseStatusChanged>();
            m.AddConsumer<NotifyOnCaseInformationRequested>();
            m.AddConsumer<NotifyOnCaseMessagePosted>();
            m.AddConsumer<NotifyOnCaseOverdue>();
        }, replicaOf?.Service);
    }

    public TestIdentityProvider Tokens { get; } = new();

    public MailSink.MailSink Mail { get; }

    public InMemoryBusHost<NotificationsDb> Service { get; }

    /// <summary>Hands <paramref name="message"/> to its consumer as the broker would, under <paramref name="messageId"/> (a new one by default).</summary>
    public Task DeliverAsync<T>(T message, Guid? messageId = null) where T : class =>
        Service.Mediator.Send(message, context => context.MessageId = messageId ?? Guid.NewGuid());

    public HttpClient Citizen(string citizenId) => Client(Tokens.Citizen(citizenId));

    public HttpClient CivilServant(string tenantId, params string[] roles) => Client(Tokens.CivilServant(tenantId, roles));

    public HttpClient Client(string token)
    {
        var client = Service.Host.CreateClient().WithToken(token);
        _clients.Add(client);
        return client;
    }

    public async Task SetPreferencesAsync(string citizenId, object preferences)
    {
        using var response = await Citizen(citizenId).PutAsJsonAsync("/citizens/me/preferences", preferences);
        response.EnsureSuccessStatusCode();
    }

    public Task<List<NoticeView>> InboxAsync(string citizenId, int expected) =>
        Eventually.Until(
            async () => (await Citizen(citizenId).GetFromJsonAsync<List<NoticeView>>("/citizens/me/inbox"))!,
            notices => notices.Count >= expected,
            $"{expected} notice(s) in {citizenId}'s inbox");

    /// <summary>The citizen's notifications once none of their deliveries is pending any more.</summary>
    public Task<List<NotificationView>> SettledNotificationsAsync(string citizenId, int expected) =>
        Eventually.Until(
            async () => (await Citizen(citizenId).GetFromJsonAsync<List<NotificationView>>("/citizens/me/notifications"))!,
            notifications => notifications.Count >= expected && notifications.All(n => n.Deliveries.All(d => d.Status != nameof(DeliveryStatus.Pending))),
            $"{expected} settled notification(s) of {citizenId}");

    public Task<List<ReceivedMail>> MailToAsync(string address, int expected) =>
        Eventually.Until(
            () => Task.FromResult(Mail.Messages.Where(m => m.EnvelopeTo.Contains(address)).ToList()),
            mails => mails.Count >= expected,
            $"{expected} e-mail(s) to {address} in the sink");

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Service.DisposeAsync();
        if (_ownsMail)
        {
            await Mail.DisposeAsync();
        }

        Tokens.Dispose();
    }
}

/// <summary>Case events as the cases service publishes them.</summary>
public static class CaseEventsFor
{
    public static string NewCitizen() => $"citizen-{Guid.NewGuid():N}";

    public static CaseOpened Opened(string citizenId, string tenantId = "fjordby")
    {
        var caseId = Guid.NewGuid();
        return new CaseOpened(caseId, CaseNumber(tenantId, caseId), tenantId, Guid.NewGuid(), "street-light", "Report a broken street light",
            citizenId, "Received", DateTimeOffset.UtcNow, DueAt: new DateTimeOffset(2026, 12, 14, 12, 0, 0, TimeSpan.Zero));
    }

    public static CaseReference Reference(string citizenId, string tenantId = "fjordby")
    {
        var caseId = Guid.NewGuid();
        return new CaseReference(caseId, CaseNumber(tenantId, caseId), tenantId, "street-light", "Report a broken street light", citizenId);
    }

    private static string CaseNumber(string tenantId, Guid caseId) =>
        $"{tenantId[..3].ToUpperInvariant()}-2026-{caseId.ToString("N")[..6].ToUpperInvariant()}";
}
