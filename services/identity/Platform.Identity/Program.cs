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
builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, NetworkClients>();
builder.AddDemoSeeder<IdentityDb, DemoOrganisations>();
builder.AddDemoSeeder<IdentityDb, DemoCivilServants>();
builder.AddDemoSeeder<IdentityDb, DemoClients>();
// After the demo's: a demo network has its platform administrator already.
builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, FirstAdministrator>();

var app = builder.Build();
TestEid.RefuseOutsideDevelopment(app);

app.UseForwardedHeaders();
app.MapDefaultEndpoints();
app.MapOpenIdProvider();
app.MapOrganisations();
app.MapCivilServants();
app.MapPartnerClients();
app.MapConsents();
app.MapSigningKeys();

await app.InitializeDatabaseAsync<IdentityDb>();
await app.LoadSigningKeysAsync();
await app.RunAsync();
