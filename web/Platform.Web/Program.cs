using Platform.ServiceDefaults;
using Platform.Web;
using Platform.Web.Apis;
using Platform.Web.Language;
using Platform.Web.SignIn;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPortalSignIn();
builder.AddServiceApis();
builder.Services.AddScoped<Words>();
builder.Services.AddRazorPages();
// Errors and status pages reach people as HTML in their language; the services' JSON problems are for programs.
builder.Services.Insert(0, ServiceDescriptor.Singleton<Microsoft.AspNetCore.Http.IProblemDetailsWriter, ProblemPage>());

// People reach this host through the gateway; sign-in redirect URIs are built on the gateway's address.
builder.AddForwardedHeadersFromGateway();

var app = builder.Build();

app.UseForwardedHeaders();
app.UseStaticFiles();
app.MapDefaultEndpoints();
app.MapRazorPages();
app.MapPortalEndpoints();

await app.RunAsync();
