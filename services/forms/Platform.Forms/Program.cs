using Platform.Forms;
using Platform.Forms.Definitions;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<FormsDb>("forms");
builder.AddMessaging<FormsDb>();
builder.Services.AddSingleton<FormSchemas>();
builder.Services.AddScoped<IDatabaseSeeder<FormsDb>, DemoForms>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapFormDefinitions();
app.MapSubmissions();

await app.InitializeDatabaseAsync<FormsDb>();
await app.RunAsync();
