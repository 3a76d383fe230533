namespace Platform.Notifications.Deliveries;

/// <summary>The channels a notification travels on.</summary>
public static class Channels
{
    public const string Inbox = "inbox";
    public const string Email = "email";
    public const string Sms = "sms";

    public static readonly IReadOnlyList<string> All = [Inbox, Email, Sms];
}

/// <summary>What became of one attempt to deliver.</summary>
public sealed record DeliveryOutcome(DeliveryStatus Status, string? FailureReason = null, bool Permanent = false)
{
    public static DeliveryOutcome Sent { get; } = new(DeliveryStatus.Sent);
    public static DeliveryOutcome Delivered { get; } = new(DeliveryStatus.Delivered);

    /// <summary>Worth trying again later: the provider was unreachable or busy.</summary>
    public static DeliveryOutcome Retry(string reason) => new(DeliveryStatus.Pending, reason);

    /// <summary>Trying again would not help: the address was refused, or no provider is configured.</summary>
    public static DeliveryOutcome Fail(string reason) => new(DeliveryStatus.Failed, reason, Permanent: true);
}

/// <summary>
/// A way to reach a recipient: the inbox, e-mail over SMTP, or a provider behind a Dapr output binding. Each
/// attempt runs in the dispatcher's unit of work; an adapter never retries on its own.
/// </summary>
public interface IDeliveryChannel
{
    /// <summary>One of <see cref="Channels"/>.</summary>
    string Name { get; }

    Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken);
}
