using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults;

/// <summary>
/// The figures an operator watches the network by (k8s/README.md says what each means and what to do when it
/// turns red). They are instruments of <see cref="PlatformTelemetry.Meter"/>, exported over OTLP with the
/// framework's own; a service records them where the thing happens, through the methods below, so names, units and
/// tags are the same in every service.
/// </summary>
public static class PlatformMetrics
{
    public const string Submissions = "platform.forms.submissions";
    public const string CaseLeadTime = "platform.cases.lead_time";
    public const string WebhookDeliveries = "platform.webhooks.deliveries";
    public const string WebhookDuration = "platform.webhooks.duration";
    public const string OutboxPending = "platform.outbox.pending";
    public const string OutboxOldestAge = "platform.outbox.oldest_age";

    private static readonly Counter<long> SubmissionCounter = PlatformTelemetry.Meter.CreateCounter<long>(
        Submissions, "{submission}", "Submissions decided by the forms service, by outcome (accepted, refused) and reason.");

    private static readonly Histogram<double> LeadTimeHistogram = PlatformTelemetry.Meter.CreateHistogram<double>(
        CaseLeadTime, "d", "Days from a case's opening to its decision or closing.",
        advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1, 2, 5, 10, 20, 30, 60, 90, 180, 365] });

    private static readonly Counter<long> WebhookCounter = PlatformTelemetry.Meter.CreateCounter<long>(
        WebhookDeliveries, "{attempt}", "Webhook delivery attempts to partners, by outcome (delivered, retrying, failed).");

    private static readonly Histogram<double> WebhookDurationHistogram = PlatformTelemetry.Meter.CreateHistogram<double>(
        WebhookDuration, "ms", "How long partners' endpoints took to answer a webhook delivery, by outcome.");

    private static readonly ConcurrentDictionary<string, OutboxBacklog> Backlogs = new();

    static PlatformMetrics()
    {
        PlatformTelemetry.Meter.CreateObservableGauge(OutboxPending,
            () => Backlogs.Select(b => new Measurement<long>(b.Value.Pending, new KeyValuePair<string, object?>(PlatformTelemetry.ServiceTag, b.Key))),
            "{event}", "Integration events committed but not yet published to RabbitMQ, per service.");
        PlatformTelemetry.Meter.CreateObservableGauge(OutboxOldestAge,
            () => Backlogs.Select(b => new Measurement<double>(b.Value.OldestAge.TotalSeconds, new KeyValuePair<string, object?>(PlatformTelemetry.ServiceTag, b.Key))),
            "s", "Age of the oldest unpublished integration event, per service (0 when none waits).");
    }

    /// <summary>A submission was accepted (<paramref name="refusal"/> null) or refused for the named reason.</summary>
    public static void SubmissionDecided(string tenant, string formKey, string? refusal)
    {
        var tags = new TagList
        {
            { "tenant", tenant },
            { "form", formKey },
            { "outcome", refusal is null ? "accepted" : "refused" },
        };
        if (refusal is not null)
        {
            tags.Add("reason", refusal);
        }

        SubmissionCounter.Add(1, tags);
    }

    /// <summary>A case reached its decision or was closed (<paramref name="outcome"/>: decided, closed, withdrawn) after <paramref name="leadTime"/>.</summary>
    public static void CaseConcluded(string tenant, string outcome, TimeSpan leadTime) =>
        LeadTimeHistogram.Record(leadTime.TotalDays, new TagList { { "tenant", tenant }, { "outcome", outcome } });

    /// <summary>
    /// One attempt to post a webhook: <paramref name="outcome"/> is delivered, retrying (failed, will be tried again)
    /// or failed (given up); <paramref name="statusCode"/> is the partner's answer, null when none came, after <paramref name="duration"/>.
    /// </summary>
    public static void WebhookAttempted(string partner, string outcome, int? statusCode, TimeSpan duration)
    {
        var tags = new TagList
        {
            { "partner", partner },
            { "outcome", outcome },
            { "http.response.status_code", statusCode },
        };
        WebhookCounter.Add(1, tags);
        WebhookDurationHistogram.Record(duration.TotalMilliseconds, tags);
    }

    /// <summary>
    /// What the outbox of <paramref name="service"/> holds: <paramref name="pending"/> unpublished events, the oldest
    /// written at <paramref name="oldestUnsent"/>. Its age is taken when the gauge is read, so it keeps growing while
    /// the dispatcher waits on a broker that does not answer.
    /// </summary>
    public static void OutboxObserved(string service, long pending, DateTimeOffset? oldestUnsent, TimeProvider clock) =>
        Backlogs[service] = new OutboxBacklog(pending, oldestUnsent, clock);

    private sealed record OutboxBacklog(long Pending, DateTimeOffset? OldestUnsent, TimeProvider Clock)
    {
        public TimeSpan OldestAge => OldestUnsent is { } since ? Clock.GetUtcNow() - since : TimeSpan.Zero;
    }
}
