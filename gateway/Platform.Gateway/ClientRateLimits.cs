using System.Threading.RateLimiting;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Gateway;

/// <summary>
/// Every API behind the gateway is limited per client (<c>RateLimits:Client</c>): a caller with a valid token is
/// counted by its subject (a person, or a partner's or service's client), anyone else by remote address, so a
/// client cannot escape its window by sending a made-up token. Health probes are not counted.
/// </summary>
public static class ClientRateLimits
{
    public static IHostApplicationBuilder AddClientRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits:Client").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(http =>
                http.Request.Path.StartsWithSegments("/health")
                    ? RateLimitPartition.GetNoLimiter("health")
                    : RateLimits.PerClient(Client(http), limits));
            options.AnswerRejections(limits, http => http.User.Identity?.IsAuthenticated == true ? "This client" : "This address");
        });
        return builder;
    }

    private static string Client(HttpContext http) =>
        http.User.Identity?.IsAuthenticated == true && (http.User.SubjectId() ?? http.User.FindFirst(PlatformClaims.ClientId)?.Value) is { } subject
            ? $"client:{subject}"
            : $"address:{http.Connection.RemoteIpAddress}";
}
