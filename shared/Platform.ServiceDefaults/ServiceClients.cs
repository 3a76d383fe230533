using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using Platform.ServiceDefaults.Security;
using Refit;

namespace Platform.ServiceDefaults;

public static class ServiceClients
{
    /// <summary>
    /// Registers the typed Refit client of another service's public API, with the standard resilience
    /// pipeline (timeouts, retries with backoff, circuit breaker). Every call carries this service's own
    /// client-credentials token for <paramref name="scope"/>: there is no unauthenticated internal path.
    /// Where the calls go is <see cref="BaseAddressOf"/>.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TApi>(this IHostApplicationBuilder builder, string service, string scope) where TApi : class
    {
        var address = BaseAddressOf(builder.Configuration, service);

        builder.Services.TryAddSingleton<ServiceTokens>();
        builder.Services.AddHttpClient(ServiceTokens.HttpClientName).AddStandardResilienceHandler();

        var client = builder.Services.AddRefitGeneratedClient<TApi>()
            .ConfigureHttpClient(http => http.BaseAddress = address)
            .AddHttpMessageHandler(services => new ServiceTokenHandler(services.GetRequiredService<ServiceTokens>(), scope));
        client.AddStandardResilienceHandler();
        return client;
    }

    /// <summary>
    /// Without a sidecar, <c>Services:{service}</c> (e.g. Services:identity = http://127.0.0.1:5101). With
    /// <c>Dapr:Enabled</c> (Kubernetes), the local Dapr sidecar's service invocation endpoint for the service's
    /// app id, so the call gets the mesh's mTLS, retries and tracing: http://127.0.0.1:{DAPR_HTTP_PORT}/v1.0/invoke/{app-id}/method/.
    /// The app id is the service's name, or <c>Dapr:AppIds:{service}</c> for one in another namespace
    /// (<c>identity.platform</c> from a municipality's own namespace).
    /// </summary>
    public static Uri BaseAddressOf(IConfiguration configuration, string service)
    {
        if (configuration.GetValue("Dapr:Enabled", false))
        {
            var port = configuration["DAPR_HTTP_PORT"] is { Length: > 0 } configured ? configured : "3500";
            var appId = configuration[$"Dapr:AppIds:{service}"] ?? service;
            return new Uri($"http://127.0.0.1:{port}/v1.0/invoke/{Uri.EscapeDataString(appId)}/method/");
        }

        var address = configuration[$"Services:{service}"]
            ?? throw new InvalidOperationException($"Set Services:{service} to the base address of the {service} service, or Dapr:Enabled to reach it through the sidecar.");
        return new Uri(address);
    }
}
