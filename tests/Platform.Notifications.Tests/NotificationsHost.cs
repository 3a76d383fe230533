using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Contracts.Notifications;
using Platform.Notifications.Inbox;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Notifications.Tests;

/// <summary>
/// The notifications service on an in-memory bus. The mediator hands a message straight to the consumer and
/// returns when it is handled, which is how a test knows a redelivery has been dealt with.
/// </summary>
public sealed class NotificationsHost : IAsyncDisposable
{
    private readonly ServiceHost<NotificationsDb> _host = new(configureServices: services =>
    {
        services.AddMassTransitTestHarness(bus => bus.AddConsumer<NoticeCitizenOnCaseOpened>());
        services.AddMediator(mediator => mediator.AddConsumer<NoticeCitizenOnCaseOpened>());
    });

    public NotificationsHost() => Http = _host.CreateClient();

    public HttpClient Http { get; }

    public ITestHarness Bus => _host.Services.GetTestHarness();

    public IMediator Mediator => _host.Services.GetRequiredService<IMediator>();

    public async Task<List<OutboxMessage>> QueuedNotificationDeliveredAsync()
    {
        await using var scope = _host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<NotificationsDb>();
        var type = typeof(NotificationDelivered).FullName + ",";
        return await db.Set<OutboxMessage>().Where(m => m.MessageType.StartsWith(type)).ToListAsync();
    }

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
