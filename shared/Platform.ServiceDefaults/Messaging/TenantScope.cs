using System.Collections.Concurrent;
using System.Reflection;
using MassTransit;
using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// Which municipalities' events this instance of a service handles, when municipalities run instances of their
/// own on the shared broker: <c>Messaging:OnlyTenants</c> (a municipality's own instance: its tenants only) or
/// <c>Messaging:ExceptTenants</c> (the shared instance: everyone but those). An event of another tenant is
/// acknowledged and left alone, so each submission opens its case in exactly one instance. Unset, every event is
/// handled. An event without a <c>TenantId</c> is always handled.
/// </summary>
public sealed class TenantScope
{
    private static readonly ConcurrentDictionary<Type, PropertyInfo?> TenantProperties = new();
    private readonly HashSet<string> _only;
    private readonly HashSet<string> _except;

    public TenantScope(IConfiguration configuration)
    {
        _only = Tenants(configuration, "Messaging:OnlyTenants");
        _except = Tenants(configuration, "Messaging:ExceptTenants");
    }

    public bool Handles(object message)
    {
        var property = TenantProperties.GetOrAdd(message.GetType(), type => type.GetProperty("TenantId", typeof(string)));
        if (property?.GetValue(message) is not string tenant)
        {
            return true;
        }

        return (_only.Count == 0 || _only.Contains(tenant)) && !_except.Contains(tenant);
    }

    private static HashSet<string> Tenants(IConfiguration configuration, string key) =>
        new(configuration.GetSection(key).GetChildren().Select(c => c.Value).OfType<string>(), StringComparer.OrdinalIgnoreCase);
}

/// <summary>Applies <see cref="TenantScope"/> in front of every consumer of the service.</summary>
public sealed class TenantScopeFilter<TMessage>(TenantScope scope) : IFilter<ConsumeContext<TMessage>> where TMessage : class
{
    public Task Send(ConsumeContext<TMessage> context, IPipe<ConsumeContext<TMessage>> next) =>
        scope.Handles(context.Message) ? next.Send(context) : Task.CompletedTask;

    public void Probe(ProbeContext context) => context.CreateFilterScope("tenantScope");
}
