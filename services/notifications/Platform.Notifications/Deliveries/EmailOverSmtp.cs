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

    /// <summary>How long an open connection may wait for the next e-mail before it is closed instead of reused.</summary>
    public TimeSpan KeepIdleFor { get; set; } = TimeSpan.FromSeconds(30);
}

/// <summary>E-mail over SMTP with MailKit: one plain-text message per delivery, from the municipality's own sender, over a kept-open connection.</summary>
public sealed class EmailOverSmtp(SmtpConnections connections, IOptions<SmtpOptions> smtp, IOptions<NotificationsOptions> municipalities) : IDeliveryChannel
{
    public string Name => Channels.Email;

    public async Task<DeliveryOutcome> SendAsync(Notification notification, Delivery delivery, CancellationToken cancellationToken)
    {
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

        try
        {
            await SendOverAsync(message, cancellationToken);
            return DeliveryOutcome.Sent;
        }
        catch (SmtpCommandException ex) when (ex.ErrorCode is SmtpErrorCode.RecipientNotAccepted && (int)ex.StatusCode >= 500)
        {
            return DeliveryOutcome.Fail($"The SMTP server refused {delivery.Address}: {(int)ex.StatusCode} {ex.Message}");
        }
        catch (Exception ex) when (ex is SmtpCommandException or AuthenticationException or TimeoutException || IsConnectionLost(ex))
        {
            var settings = smtp.Value;
            return DeliveryOutcome.Retry($"SMTP {settings.Host}:{settings.Port}: {ex.Message}");
        }
    }

    private async Task SendOverAsync(MimeMessage message, CancellationToken cancellationToken)
    {
        for (var reuse = true; ; reuse = false)
        {
            var (client, reused) = await connections.OpenAsync(reuse, cancellationToken);
            try
            {
                await client.SendAsync(message, cancellationToken);
                connections.Return(client);
                return;
            }
            catch (Exception ex)
            {
                await SmtpConnections.CloseAsync(client);
                // A kept-open connection the server has closed meanwhile fails at its first command: once more, on a new one.
                if (!(reused && IsConnectionLost(ex)))
                {
                    throw;
                }
            }
        }
    }

    private static bool IsConnectionLost(Exception ex) => ex is SmtpProtocolException or ServiceNotConnectedException or IOException or SocketException;
}
