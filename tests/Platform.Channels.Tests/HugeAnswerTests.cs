using System.Net;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using MassTransit;
using Platform.Partners.Sdk;

namespace Platform.Channels.Tests;

/// <summary>
/// A partner's endpoint that answers a webhook with 50 MB: the service reads the first few kilobytes and no more, so a
/// hostile or broken endpoint cannot fill its memory, and the delivery still counts as delivered on its 2xx.
/// </summary>
public sealed class HugeAnswerTests : IAsyncLifetime
{
    private const long AnswerBytes = 50L * 1024 * 1024;

    private readonly ChannelsHost _channels = new();
    private readonly HugeAnswers _endpoint = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _channels.DisposeAsync();
        _endpoint.Dispose();
    }

    [Fact]
    public async Task An_endpoint_answering_50_MB_is_read_no_further_than_a_few_kilobytes()
    {
        await _channels.AgreeAsync("fjordby");
        using var subscribed = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", _endpoint.Url, [WebhookEventTypes.CaseOpened]));
        var subscription = (await subscribed.Content.ReadFromJsonAsync<Subscription>())!;
        using var verified = await _channels.Nordbank.PostAsync($"/partners/nordbank/webhooks/{subscription.Id}/verification", null);
        Assert.True(verified.IsSuccessStatusCode, await verified.Content.ReadAsStringAsync());

        await _channels.Mediator.Send(WebhookDeliveryTests.CaseOpenedIn("fjordby", submittedVia: "nordbank"), context => context.MessageId = Guid.NewGuid());

        var delivered = await Eventually.Until(() => _channels.DeliveriesAsync(subscription), list => list.Count == 1 && list[0].Status == "Delivered",
            "the delivery to be delivered");
        Assert.Equal(200, delivered[0].LastStatusCode);
        var sent = await Eventually.Until(() => Task.FromResult(_endpoint.BodyBytesSentToEvents), bytes => bytes.Count == 1, "the endpoint to see its answer end");
        // Kernel socket buffers and the HTTP client's bounded drain take a few megabytes; reading the answer would take 50.
        Assert.InRange(sent[0], 0, 16L * 1024 * 1024);
    }

    /// <summary>
    /// A partner's endpoint on loopback, spoken to over raw HTTP/1.1: it echoes a verification challenge, and answers
    /// every event with 200 and a 50 MB body, written from one buffer so that the test process allocates nothing for it,
    /// counting how much of the body the service let it send before closing the connection.
    /// </summary>
    private sealed class HugeAnswers : IDisposable
    {
        private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
        private readonly CancellationTokenSource _stop = new();
        private readonly List<long> _sent = [];

        public HugeAnswers()
        {
            _listener.Start();
            _ = AcceptAsync();
        }

        public string Url => $"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/hooks";

        public List<long> BodyBytesSentToEvents
        {
            get
            {
                lock (_sent)
                {
                    return [.. _sent];
                }
            }
        }

        public void Dispose()
        {
            _stop.Cancel();
            _listener.Stop();
        }

        private async Task AcceptAsync()
        {
            while (!_stop.IsCancellationRequested)
            {
                TcpClient client;
                try
                {
                    client = await _listener.AcceptTcpClientAsync(_stop.Token);
                }
                catch (Exception) when (_stop.IsCancellationRequested)
                {
                    return;
                }

                _ = AnswerAsync(client);
            }
        }

        private async Task AnswerAsync(TcpClient client)
        {
            using var _ = client;
            var stream = client.GetStream();
            var request = await ReadRequestBodyAsync(stream);
            using var cloudEvent = JsonDocument.Parse(request);
            if (cloudEvent.RootElement.GetProperty("type").GetString() == WebhookEventTypes.Verification)
            {
                var echo = JsonSerializer.Serialize(new { challenge = cloudEvent.RootElement.GetProperty("data").GetProperty("challenge").GetString() });
                await stream.WriteAsync(Encoding.ASCII.GetBytes(
                    $"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: {echo.Length}\r\nConnection: close\r\n\r\n{echo}"));
                return;
            }

            await stream.WriteAsync(Encoding.ASCII.GetBytes(
                $"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: {AnswerBytes}\r\nConnection: close\r\n\r\n"));
            var chunk = new byte[64 * 1024];
            long sent = 0;
            try
            {
                while (sent < AnswerBytes)
                {
                    await stream.WriteAsync(chunk);
                    sent += chunk.Length;
                }
            }
            catch (IOException)
            {
                // The service closed the connection: the answer was read no further.
            }

            lock (_sent)
            {
                _sent.Add(sent);
            }
        }

        private static async Task<byte[]> ReadRequestBodyAsync(NetworkStream stream)
        {
            var head = new List<byte>();
            var one = new byte[1];
            while (!(head.Count >= 4 && head[^4] == '\r' && head[^3] == '\n' && head[^2] == '\r' && head[^1] == '\n'))
            {
                if (await stream.ReadAsync(one) == 0)
                {
                    throw new IOException("The request ended before its headers did.");
                }

                head.Add(one[0]);
            }

            var length = Encoding.ASCII.GetString([.. head]).Split("\r\n")
                .Where(line => line.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase))
                .Select(line => int.Parse(line["Content-Length:".Length..].Trim()))
                .Single();
            var body = new byte[length];
            await stream.ReadExactlyAsync(body);
            return body;
        }
    }
}
