using System.Globalization;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Mvc;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Partners;

/// <summary>How many requests one partner may make per window (<c>RateLimits:Partner</c>).</summary>
public sealed class PartnerRateLimitOptions
{
    public int PermitLimit { get; set; } = 600;
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

/// <summary>
/// Each partner organisation (the token's org claim) gets its own fixed window, so one busy partner never slows
/// another. Past the limit the answer is a 429 problem with Retry-After: the seconds until the window opens again.
/// </summary>
public static class PartnerRateLimits
{
    public const string Policy = "per-partner";

    public static IHostApplicationBuilder AddPartnerRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits:Partner").Get<PartnerRateLimitOptions>() ?? new PartnerRateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimitPartition.GetFixedWindowLimiter(
                context.User.OrganisationId() ?? context.User.SubjectId() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limits.PermitLimit, Window = limits.Window, QueueLimit = 0 }));
            options.OnRejected = async (rejected, ct) =>
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
                        Detail = $"'{http.User.OrganisationId()}' may make {limits.PermitLimit} requests per {limits.Window.TotalSeconds:F0} s; try again in {seconds} s.",
                    },
                });
            };
        });
        return builder;
    }
}
