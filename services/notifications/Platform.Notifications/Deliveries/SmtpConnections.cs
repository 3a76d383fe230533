using System.Collections.Concurrent;
using MailKit.Net.Smtp;
using Microsoft.Extensions.Options;

namespace Platform.Notifications.Deliveries;

/// <summary>
/// Connections to the SMTP server, kept open between e-mails. Opening one (TCP, the greeting, EHLO, STARTTLS, AUTH)
/// cost more processor time than sending a short message over it: the benchmark's profile of notifications spent
/// most of its MailKit time connecting and disconnecting, once per e-mail. At most as many are open as deliveries
/// are attempted at once; one left idle longer than <see cref="SmtpOptions.KeepIdleFor"/> is closed rather than
/// reused, well before a server's own idle timeout (RFC 5321 asks servers to wait at least five minutes).
/// </summary>
public sealed class SmtpConnections(IOptions<SmtpOptions> smtp, TimeProvider clock) : IAsyncDisposable
{
    private readonly ConcurrentBag<(SmtpClient Client, DateTimeOffset IdleSince)> _idle = [];

    /// <summary>
    /// An open, authenticated connection, and whether it was used before (a reused one may have been closed by the
    /// server meanwhile); a new one when <paramref name="reuse"/> is false.
    /// </summary>
    public async Task<(SmtpClient Client, bool Reused)> OpenAsync(bool reuse, CancellationToken cancellationToken)
    {
        while (reuse && _idle.TryTake(out var pooled))
        {
            if (pooled.Client.IsConnected && clock.GetUtcNow() - pooled.IdleSince < smtp.Value.KeepIdleFor)
            {
                return (pooled.Client, true);
            }

            await CloseAsync(pooled.Client);
        }

        var settings = smtp.Value;
        var client = new SmtpClient { Timeout = (int)settings.Timeout.TotalMilliseconds };
        try
        {
            await client.ConnectAsync(settings.Host, settings.Port, settings.Security, cancellationToken);
            if (!string.IsNullOrEmpty(settings.Username))
            {
                await client.AuthenticateAsync(settings.Username, settings.Password ?? "", cancellationToken);
            }

            return (client, false);
        }
        catch
        {
            client.Dispose();
            throw;
        }
    }

    /// <summary>Gives back a connection whose last command succeeded, for the next e-mail.</summary>
    public void Return(SmtpClient client) => _idle.Add((client, clock.GetUtcNow()));

    /// <summary>Closes a connection whose last command failed: its state on the server is not known.</summary>
    public static async Task CloseAsync(SmtpClient client)
    {
        try
        {
            if (client.IsConnected)
            {
                using var quick = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await client.DisconnectAsync(quit: true, quick.Token);
            }
        }
        catch (Exception)
        {
            // Closing is a courtesy to the server; a connection that cannot say QUIT is dropped all the same.
        }
        finally
        {
            client.Dispose();
        }
    }

    public async ValueTask DisposeAsync()
    {
        while (_idle.TryTake(out var pooled))
        {
            await CloseAsync(pooled.Client);
        }
    }
}
