using Platform.Notifications;
using Platform.Notifications.Inbox;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddServiceDatabase<NotificationsDb>("notifications");
builder.AddMessaging<NotificationsDb>(bus => bus.AddConsumer<NoticeCitizenOnCaseOpened>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInbox();

await app.InitializeDatabaseAsync<NotificationsDb>();
await app.RunAsync();
