using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.HttpOverrides;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults;

/// <summary>
/// For a host whose pages and redirects people follow in a browser (identity's sign-in and discovery document, the
/// web portals): it is reached through the gateway, which says where the request really went
/// (X-Forwarded-Proto/Host/Prefix), and the redirect URIs and links are built from that, so they point back at the
/// gateway. The host calls <c>app.UseForwardedHeaders()</c> first in its pipeline.
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
