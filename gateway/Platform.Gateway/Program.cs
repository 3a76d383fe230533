using Platform.Gateway;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;
using Yarp.ReverseProxy.Configuration;

var builder = WebApplication.CreateBuilder(args);

// Which municipalities run their own instances may live in a file of its own (a ConfigMap mounted as a volume
// in Kubernetes), watched for changes; see TenantClusters.
if (builder.Configuration["Gateway:TenantsFile"] is { Length: > 0 } tenantsFile)
{
    builder.Configuration.AddJsonFile(Path.GetFullPath(tenantsFile), optional: true, reloadOnChange: true);
}

builder.AddServiceDefaults();

// The edge refuses what no service would accept: a request without a valid token of this network
// never reaches a service. Each service still checks its own audience and policies. Routes say
// "anonymous" where the service behind them decides alone (identity's sign-in and token endpoints).
builder.AddPlatformAuthentication([.. Audiences.All]);
builder.AddClientRateLimits();

// Routes and clusters are configuration (a ConfigMap in Kubernetes): pointing a prefix at another
// instance of a service is an edit, not a build, and YARP reloads it while running. The per-tenant
// clusters come from the Tenants section, through a second configuration provider.
builder.Services.AddSingleton<TenantClusters>();
builder.Services.AddSingleton<IProxyConfigProvider>(services => services.GetRequiredService<TenantClusters>());
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

app.UseMiddleware<CorrelationIds>();
app.MapDefaultEndpoints();
// After authentication, so a valid token's subject names the client.
app.UseRateLimiter();
app.MapReverseProxy(proxy =>
{
    proxy.Use(TenantRouting.SendToTenantClusterAsync);
    proxy.UseSessionAffinity();
    proxy.UseLoadBalancing();
    proxy.UsePassiveHealthChecks();
});

await app.RunAsync();
