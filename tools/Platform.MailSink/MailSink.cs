using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.Json.Serialization;
using MimeKit;

namespace Platform.MailSink;

/// <summary>An e-mail as the sink received it: the SMTP envelope, the parsed headers and bodies, and the raw message.</summary>
public sealed record ReceivedMail(
    Guid Id,
    DateTimeOffset ReceivedAt,
    string EnvelopeFrom,
    IReadOnlyList<string> EnvelopeTo,
    string From,
    IReadOnlyList<string> To,
    string Subject,
    string? TextBody,
    string? HtmlBody,
    [property: JsonIgnore] byte[] Raw);

/// <summary>
/// A minimal SMTP server (RFC 5321: EHLO/HELO, MAIL, RCPT, DATA, RSET, NOOP, QUIT) on a loopback port that
/// accepts every message and keeps the latest ones in memory, so a newcomer running the platform, and a test,
/// can see exactly what the notifications service sent. It relays nothing, offers no TLS or AUTH, and listens
/// on loopback only: it is a development tool, not a mail server.
/// </summary>
public sealed class MailSink : IAsyncDisposable
{
    private const int MaxMessageBytes = 10 * 1024 * 1024;
    private const string Hostname = "mailsink.localhost";

    private readonly TcpListener _listener;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentQueue<ReceivedMail> _messages = new();
    private readonly int _capacity;
    private readonly Task _accepting;
    private CancellationTokenSource _conversations = new();
    private int _connections;

    private MailSink(TcpListener listener, int capacity)
    {
        _listener = listener;
        Port = ((IPEndPoint)listener.LocalEndpoint).Port;
        _capacity = capacity;
        _accepting = AcceptAsync(_stopping.Token);
    }

    /// <summary>Starts listening on 127.0.0.1:<paramref name="port"/> (0 picks a free port, see <see cref="Port"/>).</summary>
    public static MailSink Start(int port = 0, int capacity = 500)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        listener.Start();
        return new MailSink(listener, capacity);
    }

    public int Port { get; }

    /// <summary>What was received, oldest first.</summary>
    public IReadOnlyList<ReceivedMail> Messages => [.. _messages];

    public void Clear() => _messages.Clear();

    /// <summary>How many SMTP connections the sink has accepted since it started.</summary>
    public int Connections => Volatile.Read(ref _connections);

    /// <summary>Ends every open conversation, as a server that restarts or times out idle clients does; the sink goes on listening.</summary>
    public void DropConnections() => Interlocked.Exchange(ref _conversations, new CancellationTokenSource()).Cancel();

    /// <summary>Stops listening; a test may stop the sink early to see what an unreachable SMTP server does.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_stopping.IsCancellationRequested)
        {
            return;
        }

        await _stopping.CancelAsync();
        _listener.Stop();
        try
        {
            await _accepting;
        }
        catch (OperationCanceledException)
        {
        }

    }

    private async Task AcceptAsync(CancellationToken stopping)
    {
        while (!stopping.IsCancellationRequested)
        {
            TcpClient client;
            try
            {
                client = await _listener.AcceptTcpClientAsync(stopping);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.Increment(ref _connections);
            _ = Task.Run(() => ServeAsync(client, stopping), stopping);
        }
    }

    private async Task ServeAsync(TcpClient client, CancellationToken stopping)
    {
        using var _ = client;
        using var conversation = CancellationTokenSource.CreateLinkedTokenSource(stopping, Volatile.Read(ref _conversations).Token);
        try
        {
            await using var stream = client.GetStream();
            await new Session(stream, this).RunAsync(conversation.Token);
        }
        catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException)
        {
            // The client went away mid-conversation; whatever it had not finished sending is not a message.
        }
    }

    private void Keep(ReceivedMail mail)
    {
        _messages.Enqueue(mail);
        while (_messages.Count > _capacity && _messages.TryDequeue(out var _))
        {
        }
    }

    /// <summary>One SMTP conversation: a small state machine over the lines the client sends.</summary>
    private sealed class Session(NetworkStream stream, MailSink sink)
    {
        private readonly LineReader _lines = new(stream);
        private string? _from;
        private readonly List<string> _to = [];

        public async Task RunAsync(CancellationToken stopping)
        {
            await ReplyAsync($"220 {Hostname} Platform mail sink ESMTP", stopping);
            while (await _lines.ReadLineAsync(1000, stopping) is { } bytes)
            {
                var line = Encoding.UTF8.GetString(bytes);
                var verb = (line.Length >= 4 ? line[..4] : line).ToUpperInvariant();
                switch (verb)
                {
                    case "EHLO":
                        Reset();
                        await ReplyAsync($"250-{Hostname}\r\n250-8BITMIME\r\n250-SMTPUTF8\r\n250 SIZE {MaxMessageBytes}", stopping);
                        break;
                    case "HELO":
                        Reset();
                        await ReplyAsync($"250 {Hostname}", stopping);
                        break;
                    case "MAIL" when AddressAfter(line, "MAIL FROM:") is { } from:
                        Reset();
                        _from = from;
                        await ReplyAsync("250 2.1.0 OK", stopping);
                        break;
                    case "RCPT" when _from is null:
                        await ReplyAsync("503 5.5.1 MAIL first", stopping);
                        break;
                    case "RCPT" when AddressAfter(line, "RCPT TO:") is { } to:
                        _to.Add(to);
                        await ReplyAsync("250 2.1.5 OK", stopping);
                        break;
                    case "DATA" when _to.Count == 0:
                        await ReplyAsync("503 5.5.1 RCPT first", stopping);
                        break;
                    case "DATA":
                        await ReplyAsync("354 End data with <CR><LF>.<CR><LF>", stopping);
                        await ReceiveDataAsync(stopping);
                        break;
                    case "RSET":
                        Reset();
                        await ReplyAsync("250 2.0.0 OK", stopping);
                        break;
                    case "NOOP":
                        await ReplyAsync("250 2.0.0 OK", stopping);
                        break;
                    case "QUIT":
                        await ReplyAsync("221 2.0.0 Bye", stopping);
                        return;
                    case "MAIL" or "RCPT":
                        await ReplyAsync("501 5.5.4 Syntax: MAIL FROM:<address> / RCPT TO:<address>", stopping);
                        break;
                    default:
                        await ReplyAsync("502 5.5.2 Command not implemented", stopping);
                        break;
                }
            }
        }

        private async Task ReceiveDataAsync(CancellationToken stopping)
        {
            using var message = new MemoryStream();
            var tooLarge = false;
            while (true)
            {
                var line = await _lines.ReadLineAsync(MaxMessageBytes, stopping)
                    ?? throw new IOException("The client closed the connection before the end of the message.");
                if (line is [(byte)'.'])
                {
                    break;
                }

                // Transparency (RFC 5321 4.5.2): a line the client started with a dot had one added.
                var content = line is [(byte)'.', ..] ? line.AsSpan(1) : line;
                if (message.Length + content.Length + 2 > MaxMessageBytes)
                {
                    tooLarge = true;
                    continue;
                }

                message.Write(content);
                message.Write("\r\n"u8);
            }

            if (tooLarge)
            {
                await ReplyAsync("552 5.3.4 Message too big", stopping);
            }
            else
            {
                var mail = Parse(message.ToArray());
                sink.Keep(mail);
                await ReplyAsync($"250 2.0.0 OK queued as {mail.Id}", stopping);
            }

            Reset();
        }

        private ReceivedMail Parse(byte[] raw)
        {
            using var input = new MemoryStream(raw);
            var mime = MimeMessage.Load(input);
            return new ReceivedMail(Guid.NewGuid(), DateTimeOffset.UtcNow, _from ?? "", [.. _to],
                mime.From.ToString(), [.. mime.To.Mailboxes.Select(m => m.Address)], mime.Subject ?? "", mime.TextBody, mime.HtmlBody, raw);
        }

        private void Reset()
        {
            _from = null;
            _to.Clear();
        }

        private static string? AddressAfter(string line, string prefix)
        {
            if (!line.StartsWith(prefix, StringComparison.OrdinalIgnoreCase))
            {
                return null;
            }

            var rest = line[prefix.Length..].Trim();
            var open = rest.IndexOf('<');
            var close = rest.IndexOf('>');
            return open == 0 && close > 0 ? rest[1..close] : null;
        }

        private Task ReplyAsync(string reply, CancellationToken stopping) =>
            stream.WriteAsync(Encoding.UTF8.GetBytes(reply + "\r\n"), stopping).AsTask();
    }

    /// <summary>Reads CRLF-terminated lines as bytes, so an 8-bit message body reaches MimeKit unaltered.</summary>
    private sealed class LineReader(Stream stream)
    {
        private readonly byte[] _buffer = new byte[8192];
        private int _start;
        private int _end;

        /// <summary>The next line without its CRLF, or null when the client closed the connection.</summary>
        public async Task<byte[]?> ReadLineAsync(int maxLength, CancellationToken stopping)
        {
            using var line = new MemoryStream();
            while (true)
            {
                if (_start == _end)
                {
                    _start = 0;
                    _end = await stream.ReadAsync(_buffer, stopping);
                    if (_end == 0)
                    {
                        return null;
                    }
                }

                var newline = Array.IndexOf(_buffer, (byte)'\n', _start, _end - _start);
                var stop = newline < 0 ? _end : newline;
                if (line.Length < maxLength)
                {
                    line.Write(_buffer, _start, Math.Min(stop - _start, maxLength - (int)line.Length));
                }

                _start = newline < 0 ? _end : newline + 1;
                if (newline >= 0)
                {
                    var bytes = line.ToArray();
                    return bytes is [.., (byte)'\r'] ? bytes[..^1] : bytes;
                }
            }
        }
    }
}
