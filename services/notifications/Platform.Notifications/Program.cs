using Platform.Notifications;
using Platform.Notifications.CaseEvents;
using Platform.Notifications.Deliveries;
using Platform.Notifications.Inbox;
using Platform.Notifications.Preferences;
using Platform.Notifications.Templates;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;
using Refit;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Notifications);
builder.AddServiceDatabase<NotificationsDb>("notifications");
builder.Services.AddCommitSignal<Delivery>();
builder.AddMessaging<NotificationsDb>(bus =>
{
    bus.AddConsumer<NotifyOnCaseOpened>();
    bus.AddConsumer<NotifyOnCaseStatusChanged>();
    bus.AddConsumer<NotifyOnCaseInformationRequested>();
    bus.AddConsumer<NotifyOnCaseMessagePosted>();
    bus.AddConsumer<NotifyOnCaseOverdue>();
});

builder.Services.Configure<NotificationsOptions>(builder.Configuration.GetSection("Notifications"));
builder.Services.Configure<DeliveryOptions>(builder.Configuration.GetSection("Notifications:Delivery"));
builder.Services.Configure<SmtpOptions>(builder.Configuration.GetSection("Notifications:Smtp"));
builder.Services.Configure<DaprBindingOptions>(builder.Configuration.GetSection("Notifications:Dapr"));
builder.Services.AddScoped<TemplateLibrary>();
builder.Services.AddScoped<Notifier>();

builder.Services.AddScoped<IDeliveryChannel, InboxChannel>();
if (builder.Configuration.GetValue<bool>("Notifications:Dapr:Enabled"))
{
    // The sidecar's address as Dapr injects it; no resilience handler, each attempt is retried on the delivery's own schedule.
    var sidecar = builder.Configuration["DAPR_HTTP_ENDPOINT"] ?? $"http://127.0.0.1:{builder.Configuration["DAPR_HTTP_PORT"] ?? "3500"}";
    var apiToken = builder.Configuration["DAPR_API_TOKEN"];
    builder.Services.AddRefitGeneratedClient<IDaprBindings>().ConfigureHttpClient(http =>
    {
        http.BaseAddress = new Uri(sidecar);
        http.Timeout = TimeSpan.FromSeconds(30);
        if (!string.IsNullOrEmpty(apiToken))
        {
            http.DefaultRequestHeaders.Add("dapr-api-token", apiToken);
        }
    });
    builder.Services.AddScoped<IDeliveryChannel, EmailThroughDapr>();
    builder.Services.AddScoped<IDeliveryChannel, SmsThroughDapr>();
}
else
{
    builder.Services.AddSingleton<SmtpConnections>();
    builder.Services.AddScoped<IDeliveryChannel, EmailOverSmtp>();
    builder.Services.AddScoped<IDeliveryChannel, SmsWithoutProvider>();
}

builder.Services.AddHostedService<DeliveryDispatcher>();

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInbox();
app.MapPreferences();
app.MapTemplates();
app.MapDeliveryStatus();

await app.InitializeDatabaseAsync<NotificationsDb>();
await app.RunAsync();
