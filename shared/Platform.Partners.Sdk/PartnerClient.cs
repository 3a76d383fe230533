using Microsoft.Extensions.Http.Resilience;
using System.Net.Http.Headers;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Refit;

namespace Platform.Partners.Sdk;

/// <summary>Where the network is and who the partner is. The token endpoint is found through the issuer's discovery document.</summary>
public sealed class PartnerClientOptions
{
    /// <summary>The identity service's issuer, e.g. <c>http://127.0.0.1:8080/api/identity/</c>.</summary>
    public string Issuer { get; set; } = "";

    /// <summary>The channels API through the gateway, e.g. <c>http://127.0.0.1:8080/api/channels</c>.</summary>
    public string ChannelsApi { get; set; } = "";

    public string ClientId { get; set; } = "";
    public string ClientSecret { get; set; } = "";

    /// <summary>
    /// forms.submit rides along because a submission is forwarded to the forms service with the partner's own token.
    /// </summary>
    public string Scopes { get; set; } = "forms.submit webhooks.manage data.write";
}

public static class PartnerClientRegistration
{
    public const string TokenClientName = "platform-partner-tokens";

    /// <summary>
    /// Registers <see cref="IChannelsApi"/>: every call carries a client-credentials token, renewed shortly before it
    /// expires. Reads are retried on transient failures; writes are not, since only a submission with an
    /// Idempotency-Key is safe to send twice.
    /// </summary>
    public static IHttpClientBuilder AddPartnerChannelsClient(this IServiceCollection services, Action<PartnerClientOptions> configure)
    {
        services.Configure(configure);
        services.AddHttpClient(TokenClientName);
        services.AddSingleton<PartnerTokens>();
        services.AddTransient<PartnerTokenHandler>();

        var client = services.AddRefitGeneratedClient<IChannelsApi>()
            .ConfigureHttpClient((provider, http) =>
                http.BaseAddress = new Uri(provider.GetRequiredService<IOptions<PartnerClientOptions>>().Value.ChannelsApi.TrimEnd('/')))
            .AddHttpMessageHandler<PartnerTokenHandler>();
        client.AddStandardResilienceHandler(resilience => resilience.Retry.DisableForUnsafeHttpMethods());
        return client;
    }
}

/// <summary>The partner's access token by client credentials, following the issuer's discovery document, reused until a minute before expiry.</summary>
public sealed class PartnerTokens(IHttpClientFactory httpClients, IOptions<PartnerClientOptions> options, TimeProvider? clock = null)
{
    private readonly TimeProvider _clock = clock ?? TimeProvider.System;
    private readonly SemaphoreSlim _renewing = new(1, 1);
    private (string Token, DateTimeOffset RenewAt)? _current;

    public async Task<string> GetAsync(CancellationToken cancellationToken)
    {
        if (_current is { } fresh && _clock.GetUtcNow() < fresh.RenewAt)
        {
            return fresh.Token;
        }

        await _renewing.WaitAsync(cancellationToken);
        try
        {
            if (_current is { } renewed && _clock.GetUtcNow() < renewed.RenewAt)
            {
                return renewed.Token;
            }

            var settings = options.Value;
            var http = httpClients.CreateClient(PartnerClientRegistration.TokenClientName);
            var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest
            {
                Address = settings.Issuer,
                Policy = { RequireHttps = settings.Issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase) },
            }, cancellationToken);
            if (discovery.IsError)
            {
                throw new InvalidOperationException($"The discovery document at {settings.Issuer} could not be read: {discovery.Error}");
            }

            var token = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
            {
                Address = discovery.TokenEndpoint,
                ClientId = settings.ClientId,
                ClientSecret = settings.ClientSecret,
                Scope = settings.Scopes,
            }, cancellationToken);
            if (token.IsError || token.AccessToken is null)
            {
                throw new InvalidOperationException($"The token endpoint refused client '{settings.ClientId}': {token.Error} {token.ErrorDescription}");
            }

            _current = (token.AccessToken, _clock.GetUtcNow().AddSeconds(token.ExpiresIn) - TimeSpan.FromMinutes(1));
            return token.AccessToken;
        }
        finally
        {
            _renewing.Release();
        }
    }
}

internal sealed class PartnerTokenHandler(PartnerTokens tokens) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
