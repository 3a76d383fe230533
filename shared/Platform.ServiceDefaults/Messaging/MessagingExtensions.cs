using MassTransit;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>Where the broker is: the <c>RabbitMq</c> configuration section.</summary>
public sealed class RabbitMqSettings
{
    public string Host { get; set; } = "127.0.0.1";
    public ushort Port { get; set; } = 5672;
    public string VirtualHost { get; set; } = "/";
    public string Username { get; set; } = "guest";
    public string Password { get; set; } = "guest";

    /// <summary>
    /// How many messages each consumer's queue hands the service at once, and so how many it handles side by side.
    /// MassTransit's default is twice the processor count (4 on a two-core pod), which leaves a consumer that waits on
    /// its database idle most of the time.
    /// </summary>
    public ushort PrefetchCount { get; set; } = 16;
}

public static class MessagingExtensions
{
    /// <summary>
    /// Connects the service to RabbitMQ through MassTransit and starts the outbox dispatcher of
    /// <typeparamref name="TContext"/>. Queues are named after the service and the consumer
    /// (<c>cases-form-submitted</c>), so two services consuming one event each get every copy.
    /// </summary>
    public static IHostApplicationBuilder AddMessaging<TContext>(this IHostApplicationBuilder builder, Action<IBusRegistrationConfigurator>? configureConsumers = null)
        where TContext : DbContext
    {
        var settings = builder.Configuration.GetSection("RabbitMq").Get<RabbitMqSettings>() ?? new RabbitMqSettings();
        var serviceName = builder.Configuration["Service:Name"] ?? ServiceNameOf(builder.Environment.ApplicationName);

        builder.Services.AddMassTransit(bus =>
        {
            bus.SetEndpointNameFormatter(new KebabCaseEndpointNameFormatter(serviceName + "-", false));
            // MassTransit 8.4 reports usage to usage-tracking.masstransit.io by default; a public platform's services call
            // no one but the platform's own parts.
            bus.ConfigureUsageTelemetryOptions(telemetry => telemetry.Enabled = false);
            configureConsumers?.Invoke(bus);

            bus.AddConfigureEndpointsCallback((context, _, endpoint) =>
            {
                // Quorum queues are replicated across the nodes of a RabbitMQ cluster (the Kubernetes manifests run three),
                // so losing a node loses no event; a single local node runs the very same declarations. Set per endpoint:
                // the bus-wide setting does not reach endpoints made by ConfigureEndpoints.
                if (endpoint is IRabbitMqReceiveEndpointConfigurator rabbit)
                {
                    rabbit.SetQuorumQueue();
                }

                // Where municipalities run instances of their own, each event is handled by one instance (TenantScope).
                endpoint.UseConsumeFilter(typeof(TenantScopeFilter<>), context);
                // Transient faults (a locked database, a slow dependency) are retried in place; what still
                // fails lands in the endpoint's _error queue with its exception, and never stops the consumer.
                endpoint.UseMessageRetry(retry => retry.Exponential(5, TimeSpan.FromMilliseconds(200), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(500)));
            });

            bus.UsingRabbitMq((context, rabbit) =>
            {
                rabbit.Host(settings.Host, settings.Port, settings.VirtualHost, host =>
                {
                    host.Username(settings.Username);
                    host.Password(settings.Password);
                });
                rabbit.PrefetchCount = settings.PrefetchCount;
                rabbit.ConfigureEndpoints(context);
            });
        });

        builder.Services.AddSingleton<TenantScope>();
        builder.Services.AddHostedService(services => ActivatorUtilities.CreateInstance<OutboxDispatcher<TContext>>(services, serviceName));
        return builder;
    }

    private static string ServiceNameOf(string applicationName) =>
        applicationName.Split('.', StringSplitOptions.RemoveEmptyEntries).Last().ToLowerInvariant();
}
