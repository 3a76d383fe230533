namespace Platform.Contracts.Notifications;

/// <summary>A notification could not be delivered on one channel after its retries; <paramref name="Reason"/> says why.</summary>
public sealed record NotificationFailed(
    Guid NotificationId,
    string TenantId,
    string RecipientId,
    Guid? CaseId,
    string Channel,
    string Reason,
    DateTimeOffset FailedAt);
