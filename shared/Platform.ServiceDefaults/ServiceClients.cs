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
    /// pipeline (timeouts, retries with backoff, circuit breaker). Its address is <c>Services:{service}</c>,
    /// e.g. Services:identity = http://127.0.0.1:5101. Every call carries this service's own
    /// client-credentials token for <paramref name="scope"/>: there is no unauthenticated internal path.
    /// </summary>
    public static IHttpClientBuilder AddServiceClient<TApi>(this IHostApplicationBuilder builder, string service, string scope) where TApi : class
    {
        var address = builder.Configuration[$"Services:{service}"]
            ?? throw new InvalidOperationException($"Set Services:{service} to the base address of the {service} service.");

        builder.Services.TryAddSingleton<ServiceTokens>();
        builder.Services.AddHttpClient(ServiceTokens.HttpClientName).AddStandardResilienceHandler();

        var client = builder.Services.AddRefitGeneratedClient<TApi>()
            .ConfigureHttpClient(http => http.BaseAddress = new Uri(address))
            .AddHttpMessageHandler(services => new ServiceTokenHandler(services.GetRequiredService<ServiceTokens>(), scope));
        client.AddStandardResilienceHandler();
        return client;
    }
}
