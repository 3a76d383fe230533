using Microsoft.Extensions.Options;
using Refit;

namespace Platform.Notifications.Deliveries;

/// <summary>The <c>Notifications:Dapr</c> section: which output bindings carry e-mail and SMS when a Dapr sidecar runs beside the service.</summary>
public sealed class DaprBindingOptions
{
    /// <summary>When true, e-mail and SMS go through the sidecar's output bindings instead of SMTP.</summary>
    public bool Enabled { get; set; }

    /// <summary>The name of the Dapr component for e-mail (e.g. of type bindings.smtp or bindings.twilio.sendgrid).</summary>
    public string EmailBinding { get; set; } = "notifications-email";

    /// <summary>The name of the Dapr component for SMS (e.g. of type bindings.twilio).</summary>
    public string SmsBinding { get; set; } = "notifications-sms";
}

/// <summary>The body of the sidecar's output-binding API: POST /v1.0/bindings/{name}.</summary>
public sealed record BindingRequest(string Data, IReadOnlyDictionary<string, string> Metadata, string Operation = "create");

/// <summary>
/// The Dapr sidecar's HTTP API for output bindings (https://docs.dapr.io/reference/api/bindings_api/). A municipality
/// swaps its e-mail or SMS provider by changing the component file the binding name points at, not this code.
/// </summary>
public interface IDaprBindings
{
    [Post("/v1.0/bindings/{name}")]
    Task<IApiResponse> InvokeAsync(string name, [Body] BindingRequest request, CancellationToken cancellationToken);
}

/// <summary>Hands a message to an output binding and reads the sidecar's answer as a delivery outcome.</summary>
public abstract class DaprBindingChannel(IDaprBindings sidecar) : IDeliveryChannel
{
    public abstract string Name { get; }

    protected abstract string Binding { get; }

    protected abstract BindingRequest RequestFor(Notification notification, Delivery delivery);

    public async Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        using var response = await sidecar.InvokeAsync(Binding, RequestFor(notification, delivery), cancellationToken);
        if (response.IsSuccessStatusCode)
        {
            return DeliveryOutcome.Sent;
        }

        // The sidecar answers 500 whatever went wrong behind it (the provider down, a component misnamed): worth retrying.
        // Refit reports a sidecar it could not reach in the response too, without a status code.
        return DeliveryOutcome.Retry(response.Error switch
        {
            ApiException { Content: { Length: > 0 } content } => $"Dapr binding '{Binding}' answered {(int)response.StatusCode!}: {content}",
            { } error when response.StatusCode is { } status => $"Dapr binding '{Binding}' answered {(int)status}: {error.Message}",
            { } error => $"Dapr sidecar unreachable for binding '{Binding}': {error.InnerException?.Message ?? error.Message}",
            null => $"Dapr binding '{Binding}' answered {(int?)response.StatusCode}",
        });
    }
}

/// <summary>E-mail through a Dapr output binding; metadata as bindings.smtp reads it.</summary>
public sealed class EmailThroughDapr(IDaprBindings sidecar, IOptions<DaprBindingOptions> options, IOptions<NotificationsOptions> municipalities)
    : DaprBindingChannel(sidecar)
{
    public override string Name => Channels.Email;

    protected override string Binding => options.Value.EmailBinding;

    protected override BindingRequest RequestFor(Notification notification, Delivery delivery) => new(notification.Body, new Dictionary<string, string>
    {
        ["emailTo"] = delivery.Address!,
        ["emailFrom"] = municipalities.Value.SenderFor(notification.TenantId),
        ["subject"] = notification.Subject,
    });
}

/// <summary>SMS through a Dapr output binding; metadata as bindings.twilio reads it.</summary>
public sealed class SmsThroughDapr(IDaprBindings sidecar, IOptions<DaprBindingOptions> options) : DaprBindingChannel(sidecar)
{
    public override string Name => Channels.Sms;

    protected override string Binding => options.Value.SmsBinding;

    protected override BindingRequest RequestFor(Notification notification, Delivery delivery) =>
        new(notification.Sms, new Dictionary<string, string> { ["toNumber"] = delivery.Address! });
}

/// <summary>
/// SMS when no Dapr binding is configured: there is no provider to hand it to, and the delivery fails at once saying so,
/// rather than waiting in vain.
/// </summary>
public sealed class SmsWithoutProvider : IDeliveryChannel
{
    public string Name => Channels.Sms;

    public Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken) =>
        Task.FromResult(DeliveryOutcome.Fail("No SMS provider is configured: enable Notifications:Dapr with an SMS output binding."));
}
