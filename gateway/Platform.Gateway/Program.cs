using Platform.Gateway;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// The edge refuses what no service would accept: a request without a valid token of this network
// never reaches a service. Each service still checks its own audience and policies. Routes say
// "anonymous" where the service behind them decides alone (identity's sign-in and token endpoints).
builder.AddPlatformAuthentication([.. Audiences.All]);

// Routes and clusters are configuration (a ConfigMap in Kubernetes): pointing a prefix at another
// instance of a service is an edit, not a build, and YARP reloads it while running.
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

app.UseMiddleware<CorrelationIds>();
app.MapDefaultEndpoints();
app.MapReverseProxy();

await app.RunAsync();
