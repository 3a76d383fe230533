using System.Diagnostics.Metrics;
using Platform.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Operations.Tests;

/// <summary>
/// The signal the runbook watches when the broker is unreachable: a service's outbox backlog and the age of its oldest
/// unpublished event, reported while the dispatcher is still waiting on RabbitMQ, the age growing as time passes.
/// </summary>
public sealed class OutboxBacklogTests : IAsyncDisposable
{
    // A name of its own, so no other host in this process reports under it.
    private readonly string _service = $"cases-outage-{Guid.NewGuid():N}";
    private readonly TestIdentityProvider _tokens = new();
    private readonly ServiceHost<CasesDb> _cases;
    private readonly MeterListener _meters = new();
    private readonly Dictionary<string, double> _gauges = [];

    public OutboxBacklogTests()
    {
        _cases = new ServiceHost<CasesDb>(new Dictionary<string, string?>(_tokens.Settings)
        {
            ["Service:Name"] = _service,
            // Nothing listens here: the broker is down.
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:Port"] = Loopback.FreePort().ToString(),
        });

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Observe(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Observe(instrument, value, tags));
        _meters.Start();
    }

    [Fact]
    public async Task With_the_broker_down_the_backlog_shows_the_waiting_event_and_its_growing_age()
    {
        await _cases.InScopeAsync<CasesDb, int>(db =>
        {
            db.Publish(new CaseOpened(Guid.NewGuid(), "FJO-2026-000001", "fjordby", Guid.NewGuid(), "street-light", "Report a broken street light",
                "citizen-kari", "Received", DateTimeOffset.UtcNow));
            return db.SaveChangesAsync();
        });

        var first = await Eventually.Until(Read, gauges => gauges.GetValueOrDefault(PlatformMetrics.OutboxPending) == 1,
            "the event to show in the outbox backlog");
        var later = await Eventually.Until(Read, gauges => gauges[PlatformMetrics.OutboxOldestAge] > first[PlatformMetrics.OutboxOldestAge] + 0.5,
            "the oldest event's age to grow while the broker stays down");

        Assert.Equal(1, later[PlatformMetrics.OutboxPending]);
    }

    private Task<Dictionary<string, double>> Read()
    {
        lock (_gauges)
        {
            _gauges.Clear();
            _meters.RecordObservableInstruments();
            return Task.FromResult(new Dictionary<string, double>(_gauges));
        }
    }

    private void Observe(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        foreach (var tag in tags)
        {
            if (tag.Key == PlatformTelemetry.ServiceTag && Equals(tag.Value, _service))
            {
                _gauges[instrument.Name] = value;
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        _meters.Dispose();
        await _cases.DisposeAsync();
        _tokens.Dispose();
    }
}
