using Platform.Channels;
using Platform.Channels.Agreements;
using Platform.Channels.Consents;
using Platform.Channels.DataCollection;
using Platform.Channels.Partners;
using Platform.Channels.Submissions;
using Platform.Channels.Webhooks;
using Platform.Contracts.Forms;
using Platform.Contracts.Identity;
using Refit;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Channels);
builder.AddServiceDatabase<ChannelsDb>("channels");
builder.AddMessaging<ChannelsDb>(bus =>
{
    bus.AddConsumer<RecordConsentGranted>();
    bus.AddConsumer<RecordConsentRevoked>();
    bus.AddConsumer<QueueWebhooksOnCaseOpened>();
    bus.AddConsumer<QueueWebhooksOnCaseStatusChanged>();
    bus.AddConsumer<QueueWebhooksOnCaseDecided>();
    bus.AddConsumer<QueueWebhooksOnCaseInformationRequested>();
    bus.AddConsumer<QueueWebhooksOnCaseMessagePosted>();
});
builder.AddPartnerRateLimits();

builder.AddServiceClient<IOrganisationsApi>("identity", Scopes.OrganisationsRead);
// Not AddServiceClient: a partner's submission travels to forms with the partner's own token (see ChannelSubmissions).
builder.Services.AddRefitGeneratedClient<IFormsApi>()
    .ConfigureHttpClient(http => http.BaseAddress = new Uri(builder.Configuration["Services:forms"]
        ?? throw new InvalidOperationException("Set Services:forms to the base address of the forms service.")))
    .AddStandardResilienceHandler();

builder.Services.AddSingleton<DataSchemas>();
builder.Services.Configure<WebhookOptions>(builder.Configuration.GetSection("Webhooks"));
builder.Services.AddSingleton<OutboundAddressGuard>();
builder.Services.AddScoped<WebhookRequests>();
// No resilience handler here: each attempt is logged on its delivery and retried on the delivery's own schedule.
// Every connection goes through the guard, so a partner's URL can never reach into the platform's network.
builder.Services.AddHttpClient(WebhookRequests.HttpClientName, http => http.Timeout = TimeSpan.FromSeconds(10))
    .ConfigurePrimaryHttpMessageHandler(services => new SocketsHttpHandler
    {
        ConnectCallback = services.GetRequiredService<OutboundAddressGuard>().ConnectAsync,
        AllowAutoRedirect = false,
        UseProxy = false,
    });
builder.Services.AddCommitSignal<WebhookDelivery>();
builder.Services.AddHostedService<WebhookSender>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.UseRateLimiter();
app.MapAgreements();
app.MapChannelSubmissions();
app.MapDataCollection();
app.MapWebhookSubscriptions();

await app.InitializeDatabaseAsync<ChannelsDb>();
await app.RunAsync();
