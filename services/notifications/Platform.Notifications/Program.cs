using Platform.Notifications;
using Platform.Notifications.Inbox;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Security;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddPlatformAuthentication(Audiences.Notifications);
builder.AddServiceDatabase<NotificationsDb>("notifications");
builder.AddMessaging<NotificationsDb>(bus => bus.AddConsumer<NoticeCitizenOnCaseOpened>());

var app = builder.Build();

app.MapDefaultEndpoints();
app.MapInbox();

await app.InitializeDatabaseAsync<NotificationsDb>();
await app.RunAsync();
