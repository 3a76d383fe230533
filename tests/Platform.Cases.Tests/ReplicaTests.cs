using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using Platform.Cases.Cases;
using Platform.Cases.Deadlines;
using Platform.Contracts.Cases;
using static Platform.Cases.Cases.CaseEndpoints;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.Tests;

/// <summary>
/// Two replicas of the cases service on one database, as the Kubernetes manifests run it: their outbox dispatchers
/// publish each event once between them, and their overdue scans raise each case once; and a service with nothing to
/// do leaves its database alone between polls.
/// </summary>
public sealed class ReplicaTests
{
    [Fact]
    public async Task Two_replicas_publish_every_outbox_event_exactly_once_between_them()
    {
        await using var first = new CasesHost();
        _ = first.Host.Services;
        await using var second = new CasesHost(replicaOf: first);
        _ = second.Host.Services;

        // Committed a batch at a time on either replica, as requests to each would, so both dispatchers are woken.
        var queued = new List<CaseOpened>();
        for (var commit = 0; commit < 10; commit++)
        {
            var events = Enumerable.Range(0, 30).Select(_ => Opened()).ToList();
            queued.AddRange(events);
            await (commit % 2 == 0 ? first : second).Host.InScopeAsync<CasesDb, int>(db =>
            {
                events.ForEach(e => db.Publish(e));
                return db.SaveChangesAsync();
            });
        }

        await Eventually.Until(() => first.Host.QueuedAsync<CasesDb, CaseOpened>(), rows => rows.All(r => r.SentAt is not null),
            "every queued event to be marked sent");

        var published = first.Bus.Published.Select<CaseOpened>().Concat(second.Bus.Published.Select<CaseOpened>()).ToList();
        Assert.Equal(queued.Count, published.Count);
        Assert.Equal(queued.Select(e => e.CaseId).Order(), published.Select(p => p.Context.Message.CaseId).Order());
        Assert.Equal(published.Count, published.Select(p => p.Context.MessageId).Distinct().Count());
    }

    [Fact]
    public async Task Two_replicas_scanning_at_once_raise_CaseOverdue_once_for_each_late_case()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow.AddDays(-3));
        var settings = new Dictionary<string, string?> { ["Cases:OverdueScanInterval"] = "01:00:00" };
        await using var first = new CasesHost(clock, settings);
        var late = new List<CaseView>();
        for (var i = 0; i < 20; i++)
        {
            late.Add(await first.OpenAsync(Submitted.StreetLight("fjordby", "kari", expectedProcessingDays: 1)));
        }

        await using var second = new CasesHost(clock, settings, replicaOf: first);
        clock.SetUtcNow(DateTimeOffset.UtcNow);

        // Besides the rounds the clock's move set off, each replica scans three times at once.
        var scans = new[] { first, second }.Select(host => host.Host.Services.GetServices<IHostedService>().OfType<OverdueScan>().Single());
        await Task.WhenAll(scans.SelectMany(scan => Enumerable.Range(0, 3).Select(_ => scan.ScanAsync(CancellationToken.None))));

        var raised = await Eventually.Until(() => first.QueuedAsync<CaseOverdue>(), events => events.Count >= late.Count, "CaseOverdue for every late case");
        Assert.Equal(late.Select(c => c.Id).Order(), raised.Select(e => e.Case.CaseId).Order());
        foreach (var @case in late)
        {
            Assert.Single(await first.AuditOfAsync(@case.Id), entry => entry.Action == nameof(CaseAction.MarkOverdue));
        }
    }

    [Fact]
    public async Task An_idle_service_asks_its_database_at_most_once_per_poll_interval_per_worker()
    {
        await using var cases = new CasesHost(settings: new Dictionary<string, string?> { ["Cases:OverdueScanInterval"] = "00:00:01" });
        _ = cases.Host.Services;
        var window = TimeSpan.FromSeconds(4);

        var commands = await cases.Host.CountDuringAsync(window);

        // The outbox polls every 2 s and the overdue scan every second, one statement a round when nothing is due.
        Assert.InRange(commands, 0, DatabaseCommands.PollsWithin(window, TimeSpan.FromSeconds(2), TimeSpan.FromSeconds(1)));
    }

    private static CaseOpened Opened() => new(Guid.NewGuid(), "FJO-2026-000001", "fjordby", Guid.NewGuid(), "street-light", "Report a broken street light",
        "citizen-kari", "Received", DateTimeOffset.UtcNow);
}
