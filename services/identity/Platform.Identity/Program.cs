using Platform.Identity;
using Platform.Identity.CivilServants;
using Platform.Identity.Clients;
using Platform.Identity.Consents;
using Platform.Identity.Keys;
using Platform.Identity.Organisations;
using Platform.Identity.SignIn;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<IdentityDb>("identity");
builder.AddMessaging<IdentityDb>();
builder.AddPlatformAuthentication(Audiences.Identity);
builder.AddForwardedHeadersFromGateway();
builder.AddOpenIdProvider();

builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, ApiScopes>();
if (IdentitySettings.From(builder.Configuration).SeedDemoData)
{
    builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, DemoOrganisations>();
    builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, DemoCivilServants>();
    builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, DemoClients>();
}

var app = builder.Build();

app.UseForwardedHeaders();
app.MapDefaultEndpoints();
app.MapOpenIdProvider();
app.MapOrganisations();
app.MapCivilServants();
app.MapConsents();
app.MapSigningKeys();

await app.InitializeDatabaseAsync<IdentityDb>();
await app.LoadSigningKeysAsync();
await app.RunAsync();
