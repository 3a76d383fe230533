using Microsoft.EntityFrameworkCore;

namespace Platform.Notifications.Tests;

/// <summary>
/// Two replicas of the notifications service on one database, as the Kubernetes manifests run it: each notification
/// is delivered once on each channel between them, one e-mail at the SMTP server; and a service with nothing to do
/// leaves its database alone between polls.
/// </summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_deliver_every_notification_once_on_each_channel()
    {
        await using var first = new NotificationsUnderTest();
        var citizens = Enumerable.Range(0, 30).Select(_ => CaseEventsFor.NewCitizen()).ToList();
        foreach (var citizen in citizens)
        {
            await first.SetPreferencesAsync(citizen, new { channels = new[] { "inbox", "email" }, email = $"{citizen}@example.org" });
        }

        await using var second = new NotificationsUnderTest(replicaOf: first);
        for (var i = 0; i < citizens.Count; i++)
        {
            await (i % 2 == 0 ? first : second).DeliverAsync(CaseEventsFor.Opened(citizens[i]));
        }

        var deliveries = await Eventually.Until(
            () => first.Service.Host.InScopeAsync((NotificationsDb db) => db.Deliveries.ToListAsync()),
            all => all.Count == 2 * citizens.Count && all.All(d => d.CompletedAt is not null),
            "every delivery done");
        Assert.All(deliveries, d => Assert.Equal(1, d.Attempts));
        Assert.Equal(citizens.Select(c => $"{c}@example.org").Order(), first.Mail.Messages.SelectMany(m => m.EnvelopeTo).Order());
        Assert.Equal(citizens.Count, await first.Service.Host.InScopeAsync((NotificationsDb db) => db.Notices.CountAsync()));
    }

    [Fact]
    public async Task An_idle_service_asks_its_database_at_most_once_per_poll_interval_per_worker()
    {
        await using var notifications = new NotificationsUnderTest(settings: new Dictionary<string, string?> { ["Notifications:Delivery:PollInterval"] = "00:00:01" });
        _ = notifications.Service.Host.Services;
        var window = TimeSpan.FromSeconds(4);

        var commands = await notifications.Service.Host.CountDuringAsync(window);

        // The outbox polls every 2 s and the deliveries every second, one statement a round when nothing is due.
        Assert.InRange(commands, 0, DatabaseCommands.PollsWithin(window, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }
}
