using System.Diagnostics;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Platform.Channels.Webhooks;

public sealed class WebhookOptions
{
    /// <summary>Delay before the first retry; each later one doubles it, with jitter.</summary>
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(5);

    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromHours(2);

    /// <summary>How long a delivery is retried before it is marked failed.</summary>
    public TimeSpan GiveUpAfter { get; set; } = TimeSpan.FromHours(25);

    public TimeSpan PollInterval { get; set; } = TimeSpan.FromMilliseconds(500);

    public int MaxConcurrentSubscriptions { get; set; } = 8;
}

/// <summary>
/// Posts due deliveries to partners' endpoints. A 2xx answer delivers; anything else (an error status,
/// a timeout, a refused connection) is recorded on the delivery and retried with exponential backoff
/// and jitter until <see cref="WebhookOptions.GiveUpAfter"/>, then the delivery is marked failed.
/// </summary>
public sealed partial class WebhookSender(
    IServiceScopeFactory scopes,
    IHttpClientFactory httpClients,
    IOptions<WebhookOptions> options,
    TimeProvider clock,
    ILogger<WebhookSender> logger) : BackgroundService
{
    public const string HttpClientName = "webhooks";

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await SendDueAsync(stoppingToken);
            }
            catch (Exception ex) when (!stoppingToken.IsCancellationRequested)
            {
                LogLoopFailed(ex);
            }

            try
            {
                await Task.Delay(options.Value.PollInterval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task SendDueAsync(CancellationToken cancellationToken)
    {
        List<Guid> subscriptions;
        await using (var scope = scopes.CreateAsyncScope())
        {
            var now = clock.GetUtcNow();
            subscriptions = await scope.ServiceProvider.GetRequiredService<ChannelsDb>().Deliveries
                .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
                .Select(d => d.SubscriptionId)
                .Distinct()
                .ToListAsync(cancellationToken);
        }

        // Each subscription's queue is worked on its own, so a partner whose endpoint hangs delays only itself.
        await Parallel.ForEachAsync(
            subscriptions,
            new ParallelOptions { MaxDegreeOfParallelism = options.Value.MaxConcurrentSubscriptions, CancellationToken = cancellationToken },
            SendDueForSubscriptionAsync);
    }

    private async ValueTask SendDueForSubscriptionAsync(Guid subscriptionId, CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<ChannelsDb>();
        var now = clock.GetUtcNow();
        var due = await db.Deliveries
            .Where(d => d.SubscriptionId == subscriptionId && d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.CreatedAt)
            .Take(20)
            .ToListAsync(cancellationToken);

        foreach (var delivery in due)
        {
            await AttemptAsync(delivery, cancellationToken);
            await db.SaveChangesAsync(cancellationToken);
        }
    }

    private async Task AttemptAsync(WebhookDelivery delivery, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, delivery.Url)
        {
            Content = new StringContent(delivery.Payload, Encoding.UTF8, "application/cloudevents+json"),
        };
        request.Headers.Add("webhook-id", delivery.EventId.ToString());

        var started = Stopwatch.GetTimestamp();
        try
        {
            using var response = await httpClients.CreateClient(HttpClientName).SendAsync(request, cancellationToken);
            if (response.IsSuccessStatusCode)
            {
                delivery.Succeeded((int)response.StatusCode, clock.GetUtcNow());
                return;
            }

            Failed(delivery, (int)response.StatusCode, $"HTTP {(int)response.StatusCode} after {Stopwatch.GetElapsedTime(started).TotalMilliseconds:F0} ms");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException && !cancellationToken.IsCancellationRequested)
        {
            Failed(delivery, null, ex.Message);
        }
    }

    private void Failed(WebhookDelivery delivery, int? statusCode, string error)
    {
        var settings = options.Value;
        var now = clock.GetUtcNow();
        var backoff = TimeSpan.FromTicks(Math.Min(
            settings.MaxRetryDelay.Ticks,
            settings.RetryBaseDelay.Ticks * (long)Math.Pow(2, Math.Min(delivery.Attempts, 30))));
        // Full jitter spreads the retries of many deliveries that failed together.
        var next = now + backoff / 2 + backoff / 2 * Random.Shared.NextDouble();
        var giveUp = next - delivery.CreatedAt > settings.GiveUpAfter;

        delivery.AttemptFailed(statusCode, error, giveUp ? null : next);
        LogAttemptFailed(delivery.Id, delivery.Url, delivery.Attempts, error, giveUp);
    }

    [LoggerMessage(LogLevel.Error, "Webhook sender loop failed; retrying")]
    private partial void LogLoopFailed(Exception ex);

    [LoggerMessage(LogLevel.Warning, "Webhook delivery {DeliveryId} to {Url} failed (attempt {Attempts}): {Error}; given up: {GaveUp}")]
    private partial void LogAttemptFailed(Guid deliveryId, string url, int attempts, string error, bool gaveUp);
}
