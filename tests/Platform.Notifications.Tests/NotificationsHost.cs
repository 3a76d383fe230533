using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
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

    public Task<List<OutboxMessage>> QueuedNotificationDeliveredAsync() => _host.QueuedAsync<NotificationsDb, NotificationDelivered>();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
