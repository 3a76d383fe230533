using Platform.Cases;
using Platform.Cases.Audit;
using Platform.Cases.Cases;
using Platform.Cases.Citizens;
using Platform.Cases.Deadlines;
using Platform.Cases.InformationRequests;
using Platform.Cases.Messages;
using Platform.Cases.PartnerData;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Cases);
builder.Services.AddCasePolicies();
builder.AddServiceDatabase<CasesDb>("cases");
builder.AddMessaging<CasesDb>(bus =>
{
    bus.AddConsumer<OpenCaseOnFormSubmitted>();
    bus.AddConsumer<AttachPartnerDataOnPartnerDataReceived>();
});
builder.AddServiceClient<IFormsApi>("forms", Scopes.FormsRead);
builder.Services.AddScoped<CaseHandling>();
builder.Services.AddScoped<IDatabaseSeeder<CasesDb>, AppendOnlyAudit>();
builder.Services.AddScoped<FormAnswers>().AddSingleton<FormAnswers.PublishedSchemas>();
builder.Services.Configure<Deadlines>(builder.Configuration.GetSection("Cases"));
builder.Services.AddHostedService<OverdueScan>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapCases();
app.MapCaseHandling();
app.MapInformationRequests();
app.MapMessages();
app.MapPartnerData();
app.MapAudit();
app.MapCitizenCases();

await app.InitializeDatabaseAsync<CasesDb>();
await app.RunAsync();
