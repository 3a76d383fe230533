namespace Platform.Contracts.Notifications;

/// <summary>A notification reached its recipient on one channel (the inbox, e-mail, SMS).</summary>
public sealed record NotificationDelivered(
    Guid NotificationId,
    string TenantId,
    string CitizenId,
    Guid? CaseId,
    string Channel,
    DateTimeOffset DeliveredAt);
