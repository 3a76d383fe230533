using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Platform.Partners.Sdk;

namespace Platform.Proof.Network;

/// <summary>A webhook call the partner answered with 2xx: what a partner's system would have taken in.</summary>
public sealed record ReceivedWebhook(string WebhookId, string Type, string? Subject, bool SignatureValid, string? SignatureFailure);

/// <summary>
/// A partner company's webhook endpoint, as a partner would write it with the SDK: it answers the verification
/// challenge, checks every delivery's Standard Webhooks signature, and takes in what it acknowledges. It can be taken
/// away (nothing listens on its port) and brought back, as when a partner's system is down for a while.
/// </summary>
public sealed class PartnerEndpoint(int port) : IAsyncDisposable
{
    public const string HookPath = "/hooks/platform-events";

    private readonly ConcurrentQueue<ReceivedWebhook> _received = new();
    private WebApplication? _app;

    public Uri Url { get; } = new($"http://127.0.0.1:{port}{HookPath}");

    /// <summary>The signing secret the partner got when it subscribed; until it is set, no delivery verifies.</summary>
    public string? Secret { get; set; }

    public IReadOnlyCollection<ReceivedWebhook> Received => _received;

    public bool IsListening => _app is not null;

    public async Task StartAsync()
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls($"http://127.0.0.1:{port}");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        app.MapPost(HookPath, ReceiveAsync);
        await app.StartAsync();
        _app = app;
    }

    /// <summary>Takes the endpoint away: the port refuses connections until <see cref="StartAsync"/>.</summary>
    public async Task StopAsync()
    {
        if (_app is { } app)
        {
            _app = null;
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    public ValueTask DisposeAsync() => new(StopAsync());

    private async Task<IResult> ReceiveAsync(HttpRequest request)
    {
        using var reader = new StreamReader(request.Body);
        var body = await reader.ReadToEndAsync();
        using var cloudEvent = JsonDocument.Parse(body);
        var root = cloudEvent.RootElement;
        var type = root.GetProperty("type").GetString()!;
        if (type == WebhookEventTypes.Verification)
        {
            return Results.Json(new { challenge = root.GetProperty("data").GetProperty("challenge").GetString() });
        }

        var verification = Secret is { } secret
            ? new WebhookVerifier(secret).Verify(header => request.Headers[header].FirstOrDefault(), body)
            : new WebhookVerification(false, "the endpoint was not subscribed yet");
        _received.Enqueue(new ReceivedWebhook(request.Headers[WebhookSignature.IdHeader].ToString(), type,
            root.TryGetProperty("subject", out var subject) ? subject.GetString() : null, verification.IsValid, verification.Failure));
        return Results.NoContent();
    }
}
