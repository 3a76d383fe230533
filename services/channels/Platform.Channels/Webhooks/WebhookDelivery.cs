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

    /// <summary>The CloudEvents id: the integration event's message id, stable across retries and redeliveries.</summary>
    public required Guid EventId { get; init; }

    public required string EventType { get; init; }
    public required string Url { get; init; }

    /// <summary>The CloudEvents 1.0 JSON envelope, fixed when the delivery is queued.</summary>
    public required string Payload { get; init; }

    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? DeliveredAt { get; private set; }
    public int? LastStatusCode { get; private set; }
    public string? LastError { get; private set; }

    public void Succeeded(int statusCode, DateTimeOffset at)
    {
        Attempts++;
        Status = DeliveryStatus.Delivered;
        LastStatusCode = statusCode;
        LastError = null;
        DeliveredAt = at;
    }

    /// <summary>Schedules the next attempt, or gives up when <paramref name="nextAttemptAt"/> is null.</summary>
    public void AttemptFailed(int? statusCode, string error, DateTimeOffset? nextAttemptAt)
    {
        Attempts++;
        LastStatusCode = statusCode;
        LastError = error.Length > 1000 ? error[..1000] : error;
        if (nextAttemptAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = DeliveryStatus.Failed;
        }
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
        NextAttemptAt = now,
    };
}
