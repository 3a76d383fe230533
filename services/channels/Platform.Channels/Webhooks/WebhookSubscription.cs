using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Webhooks;

/// <summary>A partner's request to be told, at its own URL, about events of one municipality.</summary>
public sealed class WebhookSubscription : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string PartnerId { get; init; }
    public required string TenantId { get; init; }
    public required string Url { get; init; }

    /// <summary>CloudEvents types, e.g. "case.opened".</summary>
    public required List<string> EventTypes { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
