using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Partners;

/// <summary>
/// Each partner organisation (the token's org claim) gets its own window of <c>RateLimits:Partner</c> on the partner
/// API, on top of the gateway's limit per client, so one busy partner never slows another.
/// </summary>
public static class PartnerRateLimits
{
    public const string Policy = "per-partner";

    public static IHostApplicationBuilder AddPartnerRateLimits(this IHostApplicationBuilder builder)
    {
        var limits = builder.Configuration.GetSection("RateLimits:Partner").Get<RateLimitOptions>() ?? new RateLimitOptions();
        builder.Services.AddRateLimiter(options =>
        {
            options.AddPolicy(Policy, context => RateLimits.PerClient(context.User.OrganisationId() ?? context.User.SubjectId() ?? "anonymous", limits));
            options.AnswerRejections(limits, http => $"'{http.User.OrganisationId()}'");
        });
        return builder;
    }
}
