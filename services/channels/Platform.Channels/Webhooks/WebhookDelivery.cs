using System.Diagnostics;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Webhooks;

public enum DeliveryStatus
{
    Pending,
    Delivered,
    Failed,
}

/// <summary>One event on its way to one subscription, with the outcome of its latest attempt.</summary>
public sealed class WebhookDelivery : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required Guid SubscriptionId { get; init; }

    /// <summary>The municipality whose event this is, as subscribed to.</summary>
    public required string TenantId { get; init; }

    /// <summary>The CloudEvents id and webhook-id: the integration event's message id, stable across retries, redeliveries and replays.</summary>
    public required Guid EventId { get; init; }

    public required string EventType { get; init; }
    public required string Url { get; init; }

    /// <summary>The CloudEvents 1.0 JSON envelope, fixed when the delivery is queued.</summary>
    public required string Payload { get; init; }

    /// <summary>The trace of the event that caused the delivery (W3C traceparent), so the partner's call joins the submission's trace.</summary>
    public string? TraceParent { get; init; }

    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>
    /// When the current series of failures began: the first failed attempt since queueing, or the latest replay. The
    /// retry window counts from here, not from queueing: a delivery that waited behind a long queue still gets its retries.
    /// </summary>
    public DateTimeOffset RetryingSince { get; private set; }

    /// <summary>Where the retry window of a failure at <paramref name="now"/> starts.</summary>
    public DateTimeOffset FailingSince(DateTimeOffset now) => LastError is null ? now : RetryingSince;

    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }

    public WebhookAttempt Succeeded(int statusCode, TimeSpan duration, DateTimeOffset at)
    {
        Status = DeliveryStatus.Delivered;
        DeliveredAt = at;
        return Attempted(statusCode, duration, null, at);
    }

    /// <summary>Schedules the next attempt, or gives up when <paramref name="nextAttemptAt"/> is null.</summary>
    public WebhookAttempt AttemptFailed(int? statusCode, TimeSpan duration, string error, DateTimeOffset at, DateTimeOffset? nextAttemptAt)
    {
        RetryingSince = FailingSince(at);
        if (nextAttemptAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = DeliveryStatus.Failed;
        }

        return Attempted(statusCode, duration, error.Length > 1000 ? error[..1000] : error, at);
    }

    /// <summary>Sends the event again from now on, whatever became of it, with a fresh retry window.</summary>
    public void Replay(DateTimeOffset now)
    {
        Status = DeliveryStatus.Pending;
        RetryingSince = now;
        NextAttemptAt = now;
    }

    private WebhookAttempt Attempted(int? statusCode, TimeSpan duration, string? error, DateTimeOffset at)
    {
        Attempts++;
        LastStatusCode = statusCode;
        LastError = error;
        return new WebhookAttempt
        {
            DeliveryId = Id,
            TenantId = TenantId,
            At = at,
            StatusCode = statusCode,
            DurationMs = Math.Round(duration.TotalMilliseconds, 1),
            Error = error,
        };
    }

    public static WebhookDelivery Queue(WebhookSubscription subscription, Guid eventId, string eventType, string payload, DateTimeOffset now) => new()
    {
        SubscriptionId = subscription.Id,
        TenantId = subscription.TenantId,
        EventId = eventId,
        EventType = eventType,
        Url = subscription.Url,
        Payload = payload,
        CreatedAt = now,
        RetryingSince = now,
        NextAttemptAt = now,
        TraceParent = Activity.Current?.Id,
    };
}

/// <summary>One try at posting a delivery, as the partner reads it back: when, what the endpoint answered, how long it took, what went wrong.</summary>
public sealed class WebhookAttempt : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required Guid DeliveryId { get; init; }
    public required string TenantId { get; init; }
    public DateTimeOffset At { get; init; }
    public int? StatusCode { get; init; }
    public double DurationMs { get; init; }
    public string? Error { get; init; }
}
