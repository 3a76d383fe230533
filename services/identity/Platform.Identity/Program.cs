using Platform.Identity;
using Platform.Identity.Organisations;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<IdentityDb>("identity");
builder.Services.AddScoped<IDatabaseSeeder<IdentityDb>, DemoOrganisations>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapOrganisations();

await app.InitializeDatabaseAsync<IdentityDb>();
await app.RunAsync();
