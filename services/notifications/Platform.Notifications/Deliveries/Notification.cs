using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;

namespace Platform.Notifications.Deliveries;

/// <summary>Who a notification is for.</summary>
public enum RecipientKind
{
    Citizen,
    Caseworker,

    /// <summary>Every caseworker of the municipality: a case nobody is assigned to yet.</summary>
    CaseworkerQueue,
}

/// <summary>
/// One event told to one recipient, worded once when the event arrives, and delivered on each of the recipient's
/// channels. The event's own identity (<see cref="EventKey"/>) and the recipient are unique together, so an event the
/// broker redelivers, or the publisher sends again under a new message id, is told once.
/// </summary>
public sealed class Notification : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }

    /// <summary>What it is about, e.g. case-opened.</summary>
    public required string Kind { get; init; }

    /// <summary>The event it tells, by the event's own identity, e.g. case-message-posted/{messageId}.</summary>
    public required string EventKey { get; init; }

    public required RecipientKind RecipientKind { get; init; }
    public required string RecipientId { get; init; }
    public Guid? CaseId { get; init; }
    public string? CaseNumber { get; init; }
    public required string Language { get; init; }
    public required string Subject { get; init; }
    public required string Body { get; init; }
    public required string Sms { get; init; }
    public DateTimeOffset CreatedAt { get; init; }
    public List<Delivery> Deliveries { get; init; } = [];
}

public enum DeliveryStatus
{
    /// <summary>Waiting for its first attempt or for its next retry.</summary>
    Pending,

    /// <summary>Handed to the provider (the SMTP server, the SMS gateway), which took responsibility for it.</summary>
    Sent,

    /// <summary>In the recipient's hands: stored in their inbox.</summary>
    Delivered,

    /// <summary>Given up on; <see cref="Delivery.FailureReason"/> says why.</summary>
    Failed,
}

/// <summary>A notification on its way over one channel, with the outcome of its latest attempt.</summary>
public sealed class Delivery : ITenantOwned, IClaimable
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public Guid NotificationId { get; init; }
    public required string TenantId { get; init; }

    /// <summary>inbox, email or sms.</summary>
    public required string Channel { get; init; }

    /// <summary>The e-mail address or phone number, as chosen when the notification was made; null for the inbox.</summary>
    public string? Address { get; init; }

    public DeliveryStatus Status { get; private set; } = DeliveryStatus.Pending;
    public int Attempts { get; private set; }
    public DateTimeOffset NextAttemptAt { get; private set; }
    public DateTimeOffset? LastAttemptAt { get; private set; }

    /// <summary>The dispatcher round attempting it, so that two replicas of the service never send it twice.</summary>
    public Guid? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public DateTimeOffset? CompletedAt { get; private set; }
    public string? FailureReason { get; private set; }

    public static Delivery Queue(string tenantId, string channel, string? address, DateTimeOffset now) =>
        new() { TenantId = tenantId, Channel = channel, Address = address, NextAttemptAt = now };

    public void Succeeded(DeliveryStatus status, DateTimeOffset at)
    {
        Attempts++;
        LastAttemptAt = at;
        Status = status;
        CompletedAt = at;
        FailureReason = null;
        ClaimedBy = null;
        ClaimedUntil = null;
    }

    /// <summary>Records a failed attempt and schedules the next, or gives up when <paramref name="retryAt"/> is null.</summary>
    public void AttemptFailed(string reason, DateTimeOffset at, DateTimeOffset? retryAt)
    {
        Attempts++;
        LastAttemptAt = at;
        FailureReason = reason.Length > 1000 ? reason[..1000] : reason;
        ClaimedBy = null;
        ClaimedUntil = null;
        if (retryAt is { } next)
        {
            NextAttemptAt = next;
        }
        else
        {
            Status = DeliveryStatus.Failed;
            CompletedAt = at;
        }
    }
}
