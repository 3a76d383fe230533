using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Testing;

/// <summary>
/// A service for its own tests: RabbitMQ replaced by MassTransit's in-memory harness (the consumers the
/// service registers stay as they are). With <c>mediator</c> naming a consumer, <see cref="Mediator"/> hands a
/// message straight to it and returns once it is handled; that is how a test sees a redelivery, because the
/// harness's Consumed list drops a repeated MessageId.
/// </summary>
public sealed class InMemoryBusHost<TDb> : IAsyncDisposable where TDb : DbContext
{
    /// <param name="replicaOf">Another host of the service whose database this one shares (<see cref="ServiceHost{TEntryPoint}"/>).</param>
    /// <param name="environment">As for <see cref="ServiceHost{TEntryPoint}"/>.</param>
    public InMemoryBusHost(IDictionary<string, string?>? settings = null, Action<IMediatorRegistrationConfigurator>? mediator = null,
        InMemoryBusHost<TDb>? replicaOf = null, string environment = "Testing", Action<IServiceCollection>? configureServices = null)
    {
        Host = new ServiceHost<TDb>(settings, services =>
        {
            services.AddMassTransitTestHarness();
            if (mediator is not null)
            {
                services.AddMediator(mediator);
            }

            configureServices?.Invoke(services);
        }, replicaOf: replicaOf?.Host, environment: environment);
        Http = Host.CreateClient();
    }

    public ServiceHost<TDb> Host { get; }

    public HttpClient Http { get; }

    public ITestHarness Bus => Host.Services.GetTestHarness();

    public IMediator Mediator => Host.Services.GetRequiredService<IMediator>();

    /// <inheritdoc cref="MessageStore.QueuedAsync{TDb, TEvent}"/>
    public Task<List<OutboxMessage>> QueuedAsync<TEvent>() => Host.QueuedAsync<TDb, TEvent>();

    /// <inheritdoc cref="MessageStore.HandledCountAsync{TDb}"/>
    public Task<int> HandledCountAsync(params Guid[] messageIds) => Host.HandledCountAsync(messageIds);

    public ValueTask DisposeAsync() => Host.DisposeAsync();
}
