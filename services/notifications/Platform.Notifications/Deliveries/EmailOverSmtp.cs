using System.Net.Sockets;
using MailKit;
using MailKit.Net.Smtp;
using MailKit.Security;
using Microsoft.Extensions.Options;
using MimeKit;

namespace Platform.Notifications.Deliveries;

/// <summary>The <c>Notifications:Smtp</c> section: the SMTP server e-mail goes through when Dapr is not used.</summary>
public sealed class SmtpOptions
{
    public string Host { get; set; } = "127.0.0.1";
    public int Port { get; set; } = 2525;

    /// <summary>Auto uses STARTTLS when the server offers it; a provider on the internet wants StartTls or SslOnConnect.</summary>
    public SecureSocketOptions Security { get; set; } = SecureSocketOptions.Auto;

    public string? Username { get; set; }
    public string? Password { get; set; }

    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>E-mail over SMTP with MailKit: one plain-text message per delivery, from the municipality's own sender.</summary>
public sealed class EmailOverSmtp(IOptions<SmtpOptions> smtp, IOptions<NotificationsOptions> municipalities) : IDeliveryChannel
{
    public string Name => Channels.Email;

    public async Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken)
    {
        var settings = smtp.Value;
        var message = new MimeMessage
        {
            Subject = notification.Subject,
            Body = new TextPart("plain") { Text = notification.Body },
            // The delivery's id: a provider's bounce or a support question names exactly this delivery.
            MessageId = $"{delivery.Id:N}@notifications.platform",
        };
        message.From.Add(MailboxAddress.Parse(municipalities.Value.SenderFor(notification.TenantId)));
        message.To.Add(MailboxAddress.Parse(delivery.Address!));
        message.Headers.Add("Content-Language", notification.Language);

        using var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }

            await client.SendAsync(message, cancellationToken);
            await client.DisconnectAsync(quit: true, cancellationToken);
            return DeliveryOutcome.Sent;
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            return DeliveryOutcome.Fail($"The SMTP server refused {delivery.Address}: {(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or SmtpProtocolException or ServiceNotConnectedException
            or AuthenticationException or IOException or SocketException or TimeoutException)
        {
            return DeliveryOutcome.Retry($"SMTP {settings.Host}:{settings.Port}: {ex.Message}");
        }
    }
}
