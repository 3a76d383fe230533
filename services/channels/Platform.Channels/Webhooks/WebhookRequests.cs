using System.Diagnostics;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Platform.Partners.Sdk;

namespace Platform.Channels.Webhooks;

/// <summary>What one POST to a partner's endpoint came to.</summary>
public sealed record EndpointAnswer(int? StatusCode, string Body, TimeSpan Duration, string? Error)
{
    public bool IsSuccess => StatusCode is >= 200 and < 300;
}

/// <summary>
/// Posting a CloudEvent to a partner the Standard Webhooks way: webhook-id, webhook-timestamp and webhook-signature
/// (one <c>v1,</c> signature per current secret, space-separated), through the client whose connections
/// <see cref="OutboundAddressGuard"/> vets.
/// </summary>
public sealed class WebhookRequests(IHttpClientFactory httpClients, TimeProvider clock)
{
    public const string HttpClientName = "webhooks";

    /// <summary>
    /// How much of an endpoint's answer is read: enough for a verification challenge's echo and for a partner's error
    /// text in the attempts log. An endpoint that answers megabytes is not read further, so it cannot fill the service's
    /// memory.
    /// </summary>
    public const int MaxAnswerBytes = 4096;

    public async Task<EndpointAnswer> PostAsync(string url, string messageId, string payload, IEnumerable<string> secrets, CancellationToken ct)
    {
        var timestamp = clock.GetUtcNow().ToUnixTimeSeconds();
        using var request = new HttpRequestMessage(HttpMethod.Post, url)
        {
            Content = new StringContent(payload, Encoding.UTF8, PartnerCloudEvents.ContentType),
        };
        request.Headers.Add(WebhookSignature.IdHeader, messageId);
        request.Headers.Add(WebhookSignature.TimestampHeader, timestamp.ToString(System.Globalization.CultureInfo.InvariantCulture));
        request.Headers.Add(WebhookSignature.SignatureHeader, string.Join(' ', secrets.Select(secret => WebhookSignature.Sign(secret, messageId, timestamp, payload))));

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, HttpCompletionOption.ResponseHeadersRead, ct);
            var body = await ReadAnswerAsync(response.Content, ct);
            var status = (int)response.StatusCode;
            return new EndpointAnswer(status, body, Stopwatch.GetElapsedTime(started),
                response.IsSuccessStatusCode ? null : $"HTTP {status}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException or IOException && !ct.IsCancellationRequested)
        {
            return new EndpointAnswer(null, "", Stopwatch.GetElapsedTime(started), ex is TaskCanceledException ? "Timed out" : ex.Message);
        }
    }

    // The client's timeout covers the answer's headers only; the first bytes of the body must follow as promptly.
    private static async Task<string> ReadAnswerAsync(HttpContent content, CancellationToken ct)
    {
        using var reading = CancellationTokenSource.CreateLinkedTokenSource(ct);
        reading.CancelAfter(TimeSpan.FromSeconds(10));
        await using var stream = await content.ReadAsStreamAsync(reading.Token);
        var buffer = new byte[MaxAnswerBytes];
        var read = 0;
        while (read < buffer.Length && await stream.ReadAsync(buffer.AsMemory(read), reading.Token) is var n and > 0)
        {
            read += n;
        }

        return Encoding.UTF8.GetString(buffer, 0, read);
    }

    /// <summary>
    /// Sends a signed <c>webhook.verification</c> CloudEvent carrying a random challenge; the endpoint proves it wants
    /// the events by answering 2xx with <c>{"challenge": "..."}</c> (or the bare challenge). Null when it did; else why not.
    /// </summary>
    public async Task<string?> VerifyAsync(WebhookSubscription subscription, CancellationToken ct)
    {
        var challenge = Convert.ToHexString(RandomNumberGenerator.GetBytes(16)).ToLowerInvariant();
        var id = Guid.NewGuid().ToString();
        var payload = PartnerCloudEvents.Serialize(id, $"/partners/{subscription.PartnerId}/webhooks/{subscription.Id}",
            WebhookEventTypes.Verification, subscription.Id.ToString(), clock.GetUtcNow(), new { challenge });
        var answer = await PostAsync(subscription.Url, id, payload, subscription.SigningSecrets(clock.GetUtcNow()), ct);
        if (!answer.IsSuccess)
        {
            return $"The endpoint answered the verification request with {answer.Error}.";
        }

        return Echoes(answer.Body, challenge) ? null : "The endpoint answered 2xx but did not echo the challenge (answer {\"challenge\": data.challenge}).";
    }

    private static bool Echoes(string body, string challenge)
    {
        if (body.Trim() == challenge)
        {
            return true;
        }

        try
        {
            using var json = JsonDocument.Parse(body);
            return json.RootElement.ValueKind == JsonValueKind.Object
                && json.RootElement.TryGetProperty("challenge", out var echoed) && echoed.ValueKind == JsonValueKind.String && echoed.GetString() == challenge;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
