using Platform.Gateway;
using Platform.ServiceDefaults;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();

// Routes and clusters are configuration (a ConfigMap in Kubernetes): pointing a prefix at another
// instance of a service is an edit, not a build, and YARP reloads it while running.
builder.Services.AddReverseProxy().LoadFromConfig(builder.Configuration.GetSection("ReverseProxy"));

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseMiddleware<CorrelationIds>();
app.MapReverseProxy();

await app.RunAsync();
