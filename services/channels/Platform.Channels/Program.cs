using Platform.Channels;
using Platform.Channels.Webhooks;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Channels);
builder.AddServiceDatabase<ChannelsDb>("channels");
builder.AddMessaging<ChannelsDb>(bus => bus.AddConsumer<QueueWebhooksOnCaseOpened>());

builder.AddServiceClient<IOrganisationsApi>("identity", Scopes.OrganisationsRead);

builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
// No resilience handler here: each attempt is recorded on its delivery and retried on the delivery's own schedule.
builder.Services.AddHttpClient(WebhookSender.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10));
builder.Services.AddHostedService<WebhookSender>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapWebhookSubscriptions();

await app.InitializeDatabaseAsync<ChannelsDb>();
await app.RunAsync();
