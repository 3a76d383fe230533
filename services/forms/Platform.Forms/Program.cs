using Platform.Contracts.Identity;
using Platform.Forms;
using Platform.Forms.Authoring;
using Platform.Forms.Catalogue;
using Platform.Forms.Definitions;
using Platform.Forms.Feedback;
using Platform.Forms.Open311;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Forms);
builder.AddServiceDatabase<FormsDb>("forms");
builder.AddMessaging<FormsDb>();
builder.AddServiceClient<IConsentsApi>("identity", Scopes.ConsentsRead);
builder.Services.AddScoped<PartnerConsents>();
builder.Services.AddSingleton<FormSchemas>();
builder.Services.AddScoped<SubmissionIntake>();
builder.AddDemoSeeder<FormsDb, DemoForms>();
builder.Services.AddCatalogue().AddFeedback();
builder.AddOpen311();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapFormDefinitions();
app.MapFormAuthoring();
app.MapCatalogue();
app.MapFeedback();
app.MapSubmissions();
app.MapOpen311();

await app.InitializeDatabaseAsync<FormsDb>();
await app.RunAsync();
