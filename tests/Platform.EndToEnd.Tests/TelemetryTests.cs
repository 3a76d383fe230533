using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Net;
using System.Net.Http.Json;
using OpenTelemetry;
using OpenTelemetry.Trace;
using Platform.Gateway;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// What an operator sees of one submission: a single trace from the gateway through forms, RabbitMQ, cases,
/// notifications and channels to the partner's webhook, exported by an in-memory OpenTelemetry exporter listening to every host of the
/// network (they share this process); and the platform's metrics counting it.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class TelemetryTests : IDisposable
{
    private const string Tenant = "fjordby";
    private readonly PlatformFixture _platform;
    private readonly List<Activity> _exported = [];
    private readonly TracerProvider _tracing;
    private readonly MeterListener _meters = new();
    private readonly ConcurrentQueue<(string Instrument, double Value, Dictionary<string, object?> Tags)> _measured = new();

    public TelemetryTests(PlatformFixture platform)
    {
        _platform = platform;
        _tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(PlatformTelemetry.ActivitySourceName, "MassTransit", "Yarp.ReverseProxy")
            .AddAspNetCoreInstrumentation()
            .AddHttpClientInstrumentation()
            .AddInMemoryExporter(_exported)
            .Build()!;

        _meters.InstrumentPublished = (instrument, listener) =>
        {
            if (instrument.Meter.Name == PlatformTelemetry.MeterName)
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _meters.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _meters.Start();
    }

    [Fact]
    public async Task A_submission_is_one_trace_from_the_gateway_through_forms_the_broker_cases_notifications_and_channels()
    {
        using var citizen = _platform.As(await _platform.CitizenTokenAsync("citizen-kari"));
        // The trace ends at the partner: Nordbank, Fjordby's channel, hears of the case because the citizen consents.
        var hookPath = $"/hooks/{Guid.NewGuid():N}";
        _platform.Partner.Given(Request.Create().WithPath(hookPath).UsingPost()).RespondWith(WireMock.ResponseBuilders.Response.Create().WithStatusCode(200));
        using var bank = _platform.As(await _platform.PartnerTokenAsync(Scopes.WebhooksManage));
        await _platform.AgreeWithFjordbyAsync(bank, ["street-light"], ["case.opened"], []);
        await _platform.SubscribeVerifiedAsync(bank, hookPath, "case.opened");
        await using var consent = await _platform.ConsentToNordbankAsync(citizen, "street-light");

        var response = await citizen.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", StreetLightReport());
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);

        var atGateway = Assert.Single(Spans(), span => span.Kind == ActivityKind.Server && IsOn(span, _platform.Gateway.BaseAddress!)
            && span.GetTagItem("url.path") as string == $"/api/forms/tenants/{Tenant}/forms/street-light/submissions");
        var trace = atGateway.TraceId;
        // The correlation id the citizen is given is the trace id, so a support call finds this very trace.
        Assert.Equal(trace.ToString(), Assert.Single(response.Headers.GetValues(CorrelationIds.Header)));

        var expected = new (string Hop, Func<Activity, bool> Seen)[]
        {
            ("the gateway forwarding to forms", span => span.Source.Name == "Yarp.ReverseProxy" && span.GetTagItem("proxy.cluster_id") as string == "forms"),
            ("forms handling the request", span => span.Kind == ActivityKind.Server && IsOn(span, _platform.Forms.BaseAddress!)),
            ("forms' outbox publishing FormSubmitted", span => IsOutboxOf(span, "forms")),
            ("FormSubmitted sent to RabbitMQ", span => IsSentToRabbitMq(span, "Platform.Contracts.Forms:FormSubmitted")),
            ("cases consuming FormSubmitted", span => IsConsumedBy(span, "cases")),
            ("cases' outbox publishing CaseOpened", span => IsOutboxOf(span, "cases")),
            ("CaseOpened sent to RabbitMQ", span => IsSentToRabbitMq(span, "Platform.Contracts.Cases:CaseOpened")),
            ("notifications consuming CaseOpened", span => IsConsumedBy(span, "notifications")),
            ("channels consuming CaseOpened", span => IsConsumedBy(span, "channels")),
            ("channels posting the webhook to the partner", span => span.Kind == ActivityKind.Client
                && span.GetTagItem("url.full") is string url && url.StartsWith(_platform.Partner.Url + hookPath, StringComparison.Ordinal)),
        };
        var traced = await Eventually.Until(
            () => Task.FromResult(Spans().Where(span => span.TraceId == trace).ToList()),
            spans => expected.All(hop => spans.Any(hop.Seen)),
            "every hop of the submission in its trace");

        Assert.All(expected, hop => Assert.Contains(traced, span => hop.Seen(span)));
    }

    [Fact]
    public async Task Submissions_are_counted_by_outcome_and_every_service_reports_its_outbox_backlog()
    {
        using var citizen = _platform.As(await _platform.CitizenTokenAsync("citizen-kari"));
        var acceptedBefore = Counted(PlatformMetrics.Submissions, "accepted", null);
        var invalidBefore = Counted(PlatformMetrics.Submissions, "refused", "invalid");

        Assert.Equal(HttpStatusCode.Created, (await citizen.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", StreetLightReport())).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await citizen.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", new { data = new { } })).StatusCode);

        Assert.Equal(acceptedBefore + 1, Counted(PlatformMetrics.Submissions, "accepted", null));
        Assert.Equal(invalidBefore + 1, Counted(PlatformMetrics.Submissions, "refused", "invalid"));

        // Each service's dispatcher reports after every round; once the submission's events are out, none waits.
        string[] publishers = ["identity", "forms", "cases", "notifications", "channels"];
        await Eventually.Until(
            () =>
            {
                _measured.Clear();
                _meters.RecordObservableInstruments();
                return Task.FromResult(_measured.Where(m => m.Instrument == PlatformMetrics.OutboxPending)
                    .ToDictionary(m => (string)m.Tags[PlatformTelemetry.ServiceTag]!, m => m.Value));
            },
            reported => publishers.All(reported.ContainsKey) && reported["forms"] == 0 && reported["cases"] == 0,
            "every service's outbox backlog, forms' and cases' empty");
    }

    private static object StreetLightReport() => new
    {
        data = new
        {
            location = new { latitude = 59.91, longitude = 10.75, address = "Havnegata 1" },
            poleNumber = "FJ-0042",
            description = "The street light by the harbour has been dark for three nights.",
        },
    };

    private List<Activity> Spans()
    {
        _tracing.ForceFlush();
        lock (_exported)
        {
            return [.. _exported];
        }
    }

    private static bool IsOn(Activity span, Uri host) => span.GetTagItem("server.port") is int port && port == host.Port;

    private static bool IsOutboxOf(Activity span, string service) =>
        span.Source.Name == PlatformTelemetry.ActivitySourceName && span.GetTagItem(PlatformTelemetry.ServiceTag) as string == service;

    private static bool IsSentToRabbitMq(Activity span, string exchange) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Producer
        && span.GetTagItem("messaging.system") as string == "rabbitmq" && span.GetTagItem("messaging.destination.name") as string == exchange;

    // Queues are named after the consuming service (cases-open-case-on-form-submitted).
    private static bool IsConsumedBy(Activity span, string service) =>
        span.Source.Name == "MassTransit" && span.Kind == ActivityKind.Consumer
        && span.GetTagItem("messaging.destination.name") is string queue && queue.StartsWith(service + "-", StringComparison.Ordinal);

    private double Counted(string instrument, string outcome, string? reason) =>
        _measured.Where(m => m.Instrument == instrument && Equals(m.Tags["tenant"], Tenant) && Equals(m.Tags["outcome"], outcome)
            && (reason is null || Equals(m.Tags.GetValueOrDefault("reason"), reason))).Sum(m => m.Value);

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copied = new Dictionary<string, object?>();
        foreach (var tag in tags)
        {
            copied[tag.Key] = tag.Value;
        }

        _measured.Enqueue((instrument.Name, value, copied));
    }

    public void Dispose()
    {
        _meters.Dispose();
        _tracing.Dispose();
    }
}
