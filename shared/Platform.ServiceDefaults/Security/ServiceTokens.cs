using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Duende.IdentityModel.Client;
using Microsoft.Extensions.Configuration;

namespace Platform.ServiceDefaults.Security;

/// <summary>
/// This service's own client-credentials tokens (<c>Identity:ClientId</c>, <c>Identity:ClientSecret</c>), for
/// calling another service's API. The token endpoint is found through the identity service's discovery document,
/// and a token is reused until shortly before it expires.
/// </summary>
public sealed class ServiceTokens(IHttpClientFactory httpClients, IConfiguration configuration, TimeProvider clock)
{
    public const string HttpClientName = "identity-tokens";

    private static readonly TimeSpan RenewBeforeExpiry = TimeSpan.FromSeconds(60);
    private readonly ConcurrentDictionary<string, (string Token, DateTimeOffset RenewAt)> _tokens = new();
    private readonly SemaphoreSlim _requesting = new(1, 1);

    public async Task<string> GetAsync(string scope, CancellationToken cancellationToken)
    {
        if (_tokens.TryGetValue(scope, out var cached) && clock.GetUtcNow() < cached.RenewAt)
        {
            return cached.Token;
        }

        await _requesting.WaitAsync(cancellationToken);
        try
        {
            if (_tokens.TryGetValue(scope, out cached) && clock.GetUtcNow() < cached.RenewAt)
            {
                return cached.Token;
            }

            var issued = await RequestAsync(scope, cancellationToken);
            _tokens[scope] = issued;
            return issued.Token;
        }
        finally
        {
            _requesting.Release();
        }
    }

    private async Task<(string Token, DateTimeOffset RenewAt)> RequestAsync(string scope, CancellationToken cancellationToken)
    {
        var issuer = configuration["Identity:Issuer"] ?? throw new InvalidOperationException("Set Identity:Issuer.");
        var clientId = configuration["Identity:ClientId"] ?? throw new InvalidOperationException("Set Identity:ClientId to this service's OAuth client.");
        var http = httpClients.CreateClient(HttpClientName);

        var metadataAddress = configuration["Identity:MetadataAddress"];
        var policy = new DiscoveryPolicy
        {
            Authority = issuer.TrimEnd('/'),
            RequireHttps = issuer.StartsWith("https:", StringComparison.OrdinalIgnoreCase),
        };
        if (metadataAddress is not null)
        {
            // Reached inside the network (a container or cluster address), identity names its endpoints there, not under the public issuer.
            policy.AdditionalEndpointBaseAddresses.Add(new Uri(metadataAddress).GetLeftPart(UriPartial.Authority));
        }

        var discovery = await http.GetDiscoveryDocumentAsync(new DiscoveryDocumentRequest { Address = metadataAddress ?? issuer, Policy = policy }, cancellationToken);
        if (discovery.IsError)
        {
            throw new InvalidOperationException($"The identity service's discovery document could not be read: {discovery.Error}");
        }

        var response = await http.RequestClientCredentialsTokenAsync(new ClientCredentialsTokenRequest
        {
            Address = discovery.TokenEndpoint,
            ClientId = clientId,
            ClientSecret = configuration["Identity:ClientSecret"],
            Scope = scope,
        }, cancellationToken);
        if (response.IsError || response.AccessToken is null)
        {
            throw new InvalidOperationException($"The identity service refused a token for '{scope}': {response.Error} {response.ErrorDescription}");
        }

        return (response.AccessToken, clock.GetUtcNow().AddSeconds(response.ExpiresIn) - RenewBeforeExpiry);
    }
}

/// <summary>Puts this service's token for <paramref name="scope"/> on every request of a typed client.</summary>
public sealed class ServiceTokenHandler(ServiceTokens tokens, string scope) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", await tokens.GetAsync(scope, cancellationToken));
        return await base.SendAsync(request, cancellationToken);
    }
}
