using Microsoft.AspNetCore.HttpOverrides;

namespace Platform.Identity;

/// <summary>
/// Browsers and clients reach this service through the gateway as /api/identity/*, with the prefix removed. The
/// gateway says where the request really went (X-Forwarded-Proto/Host/Prefix), and the sign-in redirects, the
/// pages' links and the discovery document's endpoint URIs are built from that, so they point back at the gateway.
/// </summary>
public static class BehindTheGateway
{
    public static IHostApplicationBuilder AddForwardedHeadersFromGateway(this IHostApplicationBuilder builder)
    {
        var extraNetworks = builder.Configuration.GetSection("ForwardedHeaders:KnownNetworks").Get<string[]>() ?? [];
        builder.Services.Configure<ForwardedHeadersOptions>(options =>
        {
            options.ForwardedHeaders = ForwardedHeaders.XForwardedFor | ForwardedHeaders.XForwardedProto
                | ForwardedHeaders.XForwardedHost | ForwardedHeaders.XForwardedPrefix;
            // Loopback proxies are trusted by default (the local gateway); a gateway in a container network is named
            // here in CIDR notation. Headers from anyone else are ignored, so no client can pose as the gateway.
            foreach (var network in extraNetworks)
            {
                options.KnownIPNetworks.Add(System.Net.IPNetwork.Parse(network));
            }
        });
        return builder;
    }
}
