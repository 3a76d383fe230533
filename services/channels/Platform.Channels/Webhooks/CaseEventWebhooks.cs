using System.Text;
using System.Text.Json;
using CloudNative.CloudEvents;
using CloudNative.CloudEvents.SystemTextJson;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Agreements;
using Platform.Contracts.Cases;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Channels.Webhooks;

/// <summary>What a case event says about whom it concerns, which decides which partners may hear of it.</summary>
public sealed record PartnerEvent(string Type, CaseReference Case, DateTimeOffset Time);

/// <summary>
/// Queues a CloudEvent for every partner that may hear of a case event: its active subscription in the case's
/// municipality lists the type, its approved agreement there grants the type, and the citizen either submitted
/// through that partner or holds a standing consent for it covering the case's form. Sending happens in
/// <see cref="WebhookSender"/>, so one slow partner never holds up the queue.
/// </summary>
public abstract class QueueWebhooks<TEvent>(ChannelsDb db, TimeProvider clock) : IdempotentConsumer<TEvent, ChannelsDb>(db, clock) where TEvent : class
{
    protected abstract PartnerEvent Describe(TEvent message);

    protected override async Task Handle(TEvent message, CancellationToken cancellationToken)
    {
        var (type, reference, time) = Describe(message);
        var now = Clock.GetUtcNow();
        var subscriptions = (await Db.Subscriptions
                .Where(s => s.TenantId == reference.TenantId && s.Status == SubscriptionStatus.Active)
                .ToListAsync(cancellationToken))
            .Where(s => s.EventTypes.Contains(type))
            .ToList();
        if (subscriptions.Count == 0)
        {
            return;
        }

        var partners = subscriptions.Select(s => s.PartnerId).Distinct().ToList();
        var agreed = (await Db.Agreements
                .Where(a => a.TenantId == reference.TenantId && a.Status == AgreementStatus.Approved && partners.Contains(a.PartnerId))
                .ToListAsync(cancellationToken))
            .Where(a => a.AllowsEvent(type))
            .Select(a => a.PartnerId)
            .ToHashSet();
        var consented = (await Db.Consents
                .Where(c => c.TenantId == reference.TenantId && c.CitizenId == reference.CitizenId && c.RevokedAt == null && c.ExpiresAt > now)
                .ToListAsync(cancellationToken))
            .Where(c => c.FormKeys.Contains(reference.FormKey))
            .Select(c => c.PartnerId)
            .ToHashSet();

        var payload = PartnerCloudEvents.Serialize(MessageId.ToString(), $"/tenants/{reference.TenantId}/cases", type, reference.CaseId.ToString(), time, message);
        foreach (var subscription in subscriptions.Where(s => agreed.Contains(s.PartnerId)
                     && (s.PartnerId == reference.SubmittedVia || consented.Contains(s.PartnerId))))
        {
            Db.Deliveries.Add(WebhookDelivery.Queue(subscription, MessageId, type, payload, now));
        }
    }
}

public sealed class QueueWebhooksOnCaseOpened(ChannelsDb db, TimeProvider clock) : QueueWebhooks<CaseOpened>(db, clock)
{
    protected override PartnerEvent Describe(CaseOpened opened) => new(WebhookEventTypes.CaseOpened,
        new CaseReference(opened.CaseId, opened.CaseNumber, opened.TenantId, opened.FormKey, opened.FormTitle, opened.CitizenId, opened.SubmittedVia),
        opened.OpenedAt);
}

public sealed class QueueWebhooksOnCaseStatusChanged(ChannelsDb db, TimeProvider clock) : QueueWebhooks<CaseStatusChanged>(db, clock)
{
    protected override PartnerEvent Describe(CaseStatusChanged changed) => new(WebhookEventTypes.CaseStatusChanged, changed.Case, changed.ChangedAt);
}

public sealed class QueueWebhooksOnCaseDecided(ChannelsDb db, TimeProvider clock) : QueueWebhooks<CaseDecided>(db, clock)
{
    protected override PartnerEvent Describe(CaseDecided decided) => new(WebhookEventTypes.CaseDecided, decided.Case, decided.DecidedAt);
}

public sealed class QueueWebhooksOnCaseInformationRequested(ChannelsDb db, TimeProvider clock) : QueueWebhooks<CaseInformationRequested>(db, clock)
{
    protected override PartnerEvent Describe(CaseInformationRequested requested) =>
        new(WebhookEventTypes.CaseInformationRequested, requested.Case, requested.RequestedAt);
}

public sealed class QueueWebhooksOnCaseMessagePosted(ChannelsDb db, TimeProvider clock) : QueueWebhooks<CaseMessagePosted>(db, clock)
{
    protected override PartnerEvent Describe(CaseMessagePosted posted) => new(WebhookEventTypes.CaseMessagePosted, posted.Case, posted.PostedAt);
}

/// <summary>CloudEvents 1.0 in structured JSON mode, written by the CNCF SDK.</summary>
public static class PartnerCloudEvents
{
    public const string ContentType = "application/cloudevents+json";

    private static readonly JsonEventFormatter Formatter = new(JsonSerializerOptions.Web, new JsonDocumentOptions());

    public static string Serialize(string id, string source, string type, string subject, DateTimeOffset time, object data)
    {
        var cloudEvent = new CloudEvent(CloudEventsSpecVersion.V1_0)
        {
            Id = id,
            Source = new Uri(source, UriKind.RelativeOrAbsolute),
            Type = type,
            Subject = subject,
            Time = time,
            DataContentType = "application/json",
            Data = data,
        };
        return Encoding.UTF8.GetString(Formatter.EncodeStructuredModeMessage(cloudEvent, out _).Span);
    }
}
