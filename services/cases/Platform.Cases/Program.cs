using Platform.Cases;
using Platform.Cases.Cases;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Cases);
builder.AddServiceDatabase<CasesDb>("cases");
builder.AddMessaging<CasesDb>(bus => bus.AddConsumer<OpenCaseOnFormSubmitted>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCases();

await app.InitializeDatabaseAsync<CasesDb>();
await app.RunAsync();
