using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Channels.Webhooks;

/// <summary>
/// Queues a CloudEvent for every partner subscribed to "case.opened" in the case's municipality.
/// Sending happens in <see cref="WebhookSender"/>, so one slow partner never holds up the queue.
/// </summary>
public sealed class QueueWebhooksOnCaseOpened(ChannelsDb db, TimeProvider clock) : IdempotentConsumer<CaseOpened, ChannelsDb>(db, clock)
{
    public const string EventType = "case.opened";

    protected override async Task Handle(CaseOpened opened, CancellationToken cancellationToken)
    {
        var subscriptions = await Db.Subscriptions.Where(s => s.TenantId == opened.TenantId).ToListAsync(cancellationToken);
        var now = Clock.GetUtcNow();
        var payload = JsonSerializer.Serialize(new CloudEvent(
            Id: MessageId.ToString(),
            Source: $"/tenants/{opened.TenantId}/cases",
            Type: EventType,
            Subject: opened.CaseId.ToString(),
            Time: opened.OpenedAt,
            Data: opened), JsonSerializerOptions.Web);

        foreach (var subscription in subscriptions.Where(s => s.EventTypes.Contains(EventType)))
        {
            Db.Deliveries.Add(WebhookDelivery.Queue(subscription, MessageId, EventType, payload, now));
        }
    }
}

/// <summary>The CloudEvents 1.0 JSON envelope partners receive; the spec names its attributes in lower case.</summary>
public sealed record CloudEvent(string Id, string Source, string Type, string Subject, DateTimeOffset Time, object Data)
{
    [JsonPropertyName("specversion")]
    public string SpecVersion => "1.0";

    [JsonPropertyName("datacontenttype")]
    public string DataContentType => "application/json";
}
