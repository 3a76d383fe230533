using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.DependencyInjection;

namespace Platform.ServiceDefaults;

/// <summary>How many requests one client may make per window.</summary>
public sealed class RateLimitOptions
{
    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Per-client limits as the platform applies them, at the gateway (every API) and in channels (the partner API): each
/// client gets a fixed window of its own, so one busy client never slows another, and past its limit the answer is a
/// 429 problem with Retry-After, the seconds until its window opens again.
/// </summary>
public static class RateLimits
{
    /// <summary>A fixed window of <paramref name="limits"/> for the client named <paramref name="client"/>; nothing waits in a queue.</summary>
    public static RateLimitPartition<string> PerClient(string client, RateLimitOptions limits) =>
        RateLimitPartition.GetFixedWindowLimiter(client,
            _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 });

    /// <summary>Answers a rejected request with a 429 problem and Retry-After; <paramref name="who"/> names the client to itself.</summary>
    public static void AnswerRejections(this RateLimiterOptions options, RateLimitOptions limits, Func<HttpContext, string> who)
    {
        options.OnRejected = async (rejected, _) =>
        {
            var http = rejected.HttpContext;
            var retryAfter = rejected.Lease.TryGetMetadata(MetadataName.RetryAfter, out var wait) ? wait : limits.Window;
            var seconds = Math.Max(1, (int)Math.Ceiling(retryAfter.TotalSeconds));
            http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
            http.Response.Headers.RetryAfter = seconds.ToString(CultureInfo.InvariantCulture);
            await http.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
            {
                HttpContext = http,
                ProblemDetails = new ProblemDetails
                {
                    Status = StatusCodes.Status429TooManyRequests,
                    Title = "Too many requests",
                    Detail = $"{who(http)} may make {limits.PermitLimit} requests per {limits.Window.TotalSeconds:F0} s; try again in {seconds} s.",
                },
            });
        };
    }
}
