using Microsoft.Extensions.Primitives;
using Yarp.ReverseProxy;
using Yarp.ReverseProxy.Configuration;

namespace Platform.Gateway;

/// <summary>
/// A municipality that runs its own instance of a service gets its traffic there, by configuration alone:
/// <c>Tenants:{tenant}:Clusters:{cluster} = http://…</c> (e.g. Tenants:fjordby:Clusters:forms) adds a YARP
/// cluster <c>{cluster}@{tenant}</c>, and a request for that tenant on a route of <c>{cluster}</c> is sent to it
/// instead of the shared instance. Every other tenant, and every request naming no tenant, stays on the shared
/// cluster. The clusters follow the configuration as it changes (a reloaded file, a changed ConfigMap): the
/// gateway is never restarted for it.
/// </summary>
public sealed partial class TenantClusters : IProxyConfigProvider
{
    public const string Section = "Tenants";

    private readonly IConfiguration _configuration;
    private readonly ILogger<TenantClusters> _logger;
    private volatile Snapshot _current;

    public TenantClusters(IConfiguration configuration, ILogger<TenantClusters> logger)
    {
        _configuration = configuration;
        _logger = logger;
        // At start a wrong address stops the gateway; later, it is refused and the routing in force stays.
        _current = Read();
        ChangeToken.OnChange(configuration.GetReloadToken, Reload);
    }

    public static string IdOf(string cluster, string tenant) => $"{cluster}@{tenant}".ToLowerInvariant();

    /// <summary>Whether any tenant has an instance of its own behind <paramref name="cluster"/>.</summary>
    public bool AnyFor(string cluster) => _current.Overridden.Contains(cluster);

    public IProxyConfig GetConfig() => _current;

    private void Reload()
    {
        Snapshot next;
        try
        {
            next = Read();
        }
        catch (InvalidOperationException refused)
        {
            LogRefused(refused.Message);
            return;
        }

        var previous = _current;
        _current = next;
        previous.Replaced();
    }

    private Snapshot Read()
    {
        var clusters = new List<ClusterConfig>();
        foreach (var tenant in _configuration.GetSection(Section).GetChildren())
        {
            foreach (var cluster in tenant.GetSection("Clusters").GetChildren().Where(c => !string.IsNullOrWhiteSpace(c.Value)))
            {
                if (!Uri.TryCreate(cluster.Value, UriKind.Absolute, out var address) || address.Scheme is not ("http" or "https"))
                {
                    throw new InvalidOperationException(
                        $"{Section}:{tenant.Key}:Clusters:{cluster.Key} is '{cluster.Value}', not an http(s) address of the tenant's {cluster.Key} instance.");
                }

                clusters.Add(new ClusterConfig
                {
                    ClusterId = IdOf(cluster.Key, tenant.Key),
                    Destinations = new Dictionary<string, DestinationConfig> { ["primary"] = new() { Address = address.ToString() } },
                });
            }
        }

        return new Snapshot(clusters);
    }

    [LoggerMessage(LogLevel.Error, "The tenants' clusters were not changed: {Reason} The routing in force stays until the configuration is corrected.")]
    private partial void LogRefused(string reason);

    private sealed class Snapshot : IProxyConfig
    {
        private readonly CancellationTokenSource _replaced = new();

        public Snapshot(IReadOnlyList<ClusterConfig> clusters)
        {
            Clusters = clusters;
            Overridden = new HashSet<string>(clusters.Select(c => c.ClusterId[..c.ClusterId.IndexOf('@')]), StringComparer.OrdinalIgnoreCase);
            ChangeToken = new CancellationChangeToken(_replaced.Token);
        }

        public IReadOnlyList<RouteConfig> Routes => [];

        public IReadOnlyList<ClusterConfig> Clusters { get; }

        /// <summary>Tells YARP to ask <see cref="GetConfig"/> again.</summary>
        public IChangeToken ChangeToken { get; }

        public HashSet<string> Overridden { get; }

        public void Replaced() => _replaced.Cancel();
    }
}

/// <summary>
/// The step of the proxy pipeline that sends a request to its tenant's own cluster, when there is one. The tenant is
/// the one a request names: <c>/api/{service}/tenants/{tenant}/…</c>, or Open311's <c>jurisdiction_id</c> (in the
/// query, or in a form-encoded POST body, which is read from a buffer and forwarded unchanged).
/// </summary>
public static class TenantRouting
{
    public const string JurisdictionId = "jurisdiction_id";

    public static async Task SendToTenantClusterAsync(HttpContext context, Func<Task> next)
    {
        var clusters = context.RequestServices.GetRequiredService<TenantClusters>();
        var sharedCluster = context.GetRouteModel().Config.ClusterId;
        if (sharedCluster is not null && clusters.AnyFor(sharedCluster) && await TenantOfAsync(context.Request) is { } tenant
            && context.RequestServices.GetRequiredService<IProxyStateLookup>().TryGetCluster(TenantClusters.IdOf(sharedCluster, tenant), out var own))
        {
            context.ReassignProxyRequest(own);
        }

        await next();
    }

    private static async Task<string?> TenantOfAsync(HttpRequest request)
    {
        var segments = request.Path.Value?.Split('/', StringSplitOptions.RemoveEmptyEntries) ?? [];
        if (segments is ["api", _, "tenants", var tenant, ..])
        {
            return Uri.UnescapeDataString(tenant);
        }

        if (request.Query.TryGetValue(JurisdictionId, out var inQuery) && !StringValues.IsNullOrEmpty(inQuery))
        {
            return inQuery.ToString();
        }

        if (request.HasFormContentType && HttpMethods.IsPost(request.Method))
        {
            request.EnableBuffering();
            var form = await request.ReadFormAsync(request.HttpContext.RequestAborted);
            request.Body.Position = 0;
            if (form.TryGetValue(JurisdictionId, out var inForm) && !StringValues.IsNullOrEmpty(inForm))
            {
                return inForm.ToString();
            }
        }

        return null;
    }
}
