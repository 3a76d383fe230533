using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;

namespace Platform.Channels.Webhooks;

public enum SubscriptionStatus
{
    /// <summary>Stored, but told nothing until its endpoint echoes a verification challenge.</summary>
    PendingVerification,
    Active,
}

/// <summary>A partner's request to be told, at its own URL, about events of one municipality, signed with its own secret.</summary>
public sealed class WebhookSubscription : ITenantOwned, IClaimable
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string PartnerId { get; init; }
    public required string TenantId { get; init; }
    public required string Url { get; init; }

    /// <summary>CloudEvents types, e.g. "case.opened".</summary>
    public required List<string> EventTypes { get; init; }

    public SubscriptionStatus Status { get; private set; } = SubscriptionStatus.PendingVerification;
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? VerifiedAt { get; private set; }

    /// <summary>The Standard Webhooks secret (whsec_...) every request is signed with.</summary>
    public string Secret { get; private set; } = WebhookSignature.NewSecret();

    /// <summary>The secret before the latest rotation: it signs too, until <see cref="PreviousSecretExpiresAt"/>.</summary>
    public string? PreviousSecret { get; private set; }

    public DateTimeOffset? PreviousSecretExpiresAt { get; private set; }

    /// <summary>
    /// The sender round working through the subscription's queue, in whichever replica: one at a time, so the partner
    /// is told in the order the events were queued.
    /// </summary>
    public Guid? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    /// <summary>Every secret a request is signed with now: during a rotation both, so the partner may switch at its own pace.</summary>
    public IReadOnlyList<string> SigningSecrets(DateTimeOffset now) =>
        PreviousSecret is not null && PreviousSecretExpiresAt > now ? [Secret, PreviousSecret] : [Secret];

    public string RotateSecret(TimeSpan overlap, DateTimeOffset now)
    {
        PreviousSecret = Secret;
        PreviousSecretExpiresAt = now + overlap;
        Secret = WebhookSignature.NewSecret();
        return Secret;
    }

    public void Verified(DateTimeOffset now)
    {
        Status = SubscriptionStatus.Active;
        VerifiedAt = now;
    }
}
