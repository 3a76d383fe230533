using System.Collections.Concurrent;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cases;
using Platform.Channels;
using Platform.Forms;
using Platform.Identity;
using Platform.Identity.Keys;
using Platform.Notifications;
using Platform.ServiceDefaults.Security;
using WireMock.Server;
using WireMock.Settings;
using GatewayHost = Platform.Gateway.CorrelationIds;
using LocalMailSink = Platform.MailSink.MailSink;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The whole network on this machine: the five services and the gateway on loopback ports, talking
/// through a real RabbitMQ (in a virtual host of their own), the real identity service issuing every
/// token, and a partner's webhook endpoint stood in for by WireMock.Net. Tests speak only to the gateway;
/// they look inside a service only to observe what no public API shows.
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    public const string DemoPassword = "demo-password";

    private readonly List<IAsyncDisposable> _started = [];
    private readonly ConcurrentDictionary<string, Lazy<Task<string>>> _tokens = new();
    private RabbitMqVirtualHost? _vhost;

    public HttpClient Gateway { get; private set; } = null!;

    /// <summary>Where the gateway sends the web portals (its catch-all route): a port kept for a test that starts web/Platform.Web there.</summary>
    public Uri PortalsAddress { get; } = new($"http://127.0.0.1:{Loopback.FreePort()}/");

    public Uri Issuer { get; private set; } = null!;
    public WireMockServer Partner { get; private set; } = null!;

    /// <summary>The SMTP server notifications sends e-mail to, as ./run.sh's mail sink.</summary>
    public LocalMailSink Mail { get; private set; } = null!;
    public ServiceHost<IdentityDb> Identity { get; private set; } = null!;
    public ServiceHost<FormsDb> Forms { get; private set; } = null!;
    public ServiceHost<CasesDb> Cases { get; private set; } = null!;
    public ServiceHost<ChannelsDb> Channels { get; private set; } = null!;
    public ServiceHost<NotificationsDb> Notifications { get; private set; } = null!;

    /// <summary>The RabbitMQ virtual host the services of this fixture share.</summary>
    public RabbitMqVirtualHost Broker => _vhost!;

    /// <summary>A token that was genuinely signed by the identity service, with a key retired (as compromised) before any service started.</summary>
    public string TokenOfRetiredKey { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _vhost = await RabbitMqVirtualHost.CreateAsync();
        var gatewayPort = Loopback.FreePort();
        Issuer = new Uri($"http://127.0.0.1:{gatewayPort}/api/identity/");
        var network = new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:VirtualHost"] = _vhost.Name,
            ["Identity:Issuer"] = Issuer.ToString(),
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.200",
            // The portals' sign-in clients redirect back to the gateway (read by identity's NetworkClients).
            ["Portals:PublicAddress"] = $"http://127.0.0.1:{gatewayPort}",
        };

        Partner = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });

        Identity = Start<IdentityDb>(network);
        await WaitUntilReady(Identity.BaseAddress!);
        TokenOfRetiredKey = await SignWithKeyThenRetireItAsync();

        // Forms and channels reach identity inside the network, as in docker-compose and Kubernetes; cases and
        // notifications find its keys through the gateway's public issuer, as in ./run.sh. Both ways stay tested.
        var insideTheNetwork = new Dictionary<string, string?>(network)
        {
            ["Services:identity"] = Identity.BaseAddress!.ToString(),
            ["Identity:MetadataAddress"] = new Uri(Identity.BaseAddress!, ".well-known/openid-configuration").ToString(),
        };
        // Forms and cases call each other (Open311 reads a case's state; an answer to an information request is checked
        // against the case's form), so forms' address is picked before cases starts.
        var formsPort = Loopback.FreePort();
        Cases = Start<CasesDb>(new Dictionary<string, string?>(network) { ["Services:forms"] = $"http://127.0.0.1:{formsPort}/" });
        Forms = Start<FormsDb>(new Dictionary<string, string?>(insideTheNetwork) { ["Services:cases"] = Cases.BaseAddress!.ToString() }, formsPort);
        Mail = LocalMailSink.Start();
        Notifications = Start<NotificationsDb>(new Dictionary<string, string?>(network)
        {
            ["Notifications:Smtp:Port"] = Mail.Port.ToString(),
            ["Notifications:Smtp:Security"] = "None",
            ["Notifications:Delivery:PollInterval"] = "00:00:00.100",
        });
        // Channels passes partners' submissions on to forms; the partner's endpoint (WireMock) is on loopback.
        Channels = Start<ChannelsDb>(new Dictionary<string, string?>(insideTheNetwork)
        {
            ["Services:forms"] = Forms.BaseAddress!.ToString(),
            ["Webhooks:AllowLoopback"] = "true",
        });

        var gatewaySettings = new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = Issuer.ToString(),
            ["Identity:MetadataAddress"] = new Uri(Identity.BaseAddress!, ".well-known/openid-configuration").ToString(),
            // The suite (and the portal tests on it) speaks from a few clients at full speed; Platform.Gateway.Tests proves the limit.
            ["RateLimits:Client:PermitLimit"] = "1000000",
        };
        foreach (var (name, address) in new[] { ("identity", Identity.BaseAddress), ("forms", Forms.BaseAddress), ("cases", Cases.BaseAddress), ("channels", Channels.BaseAddress), ("notifications", Notifications.BaseAddress) })
        {
            gatewaySettings[$"ReverseProxy:Clusters:{name}:Destinations:primary:Address"] = address!.ToString();
        }

        gatewaySettings["ReverseProxy:Clusters:web:Destinations:primary:Address"] = PortalsAddress.ToString();

        var gateway = Start<GatewayHost>(gatewaySettings, gatewayPort);
        Gateway = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await WaitUntilReady(Forms.BaseAddress!, Cases.BaseAddress!, Notifications.BaseAddress!, Channels.BaseAddress!, gateway.BaseAddress!);
    }

    /// <summary>A client of the gateway carrying <paramref name="token"/>.</summary>
    public HttpClient As(string token)
    {
        var client = new HttpClient { BaseAddress = Gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    /// <summary>A citizen's token, from signing in through the gateway with the test eID (once per fixture).</summary>
    public Task<string> CitizenTokenAsync(string citizenId) => Cached($"citizen:{citizenId}", browser => SignIn.CitizenAsync(browser, Issuer, citizenId));

    /// <summary>A civil servant's token, from the sign-in page through the gateway (once per fixture).</summary>
    public Task<string> CivilServantTokenAsync(string email) => Cached($"servant:{email}", browser => SignIn.CivilServantAsync(browser, Issuer, email, DemoPassword));

    /// <summary>The demo partner's client-credentials token, found through the discovery document.</summary>
    public Task<string> PartnerTokenAsync(string scope) => Cached($"partner:{scope}", browser => SignIn.ClientCredentialsAsync(browser, Issuer, "nordbank-client", "nordbank-demo-secret", scope));

    /// <summary>A token signed with the identity service's genuine active key, carrying whatever claims an attacker chose.</summary>
    public string Forge(IDictionary<string, object> claims, string issuer, IEnumerable<string> audiences, DateTime expires)
    {
        var credentials = Identity.Services.GetRequiredService<SigningKeyRing>().ActiveSigningCredentials;
        return AccessTokens.Create(credentials, issuer, claims, audiences, expires);
    }

    private async Task<string> SignWithKeyThenRetireItAsync()
    {
        var ring = Identity.Services.GetRequiredService<SigningKeyRing>();
        var token = AccessTokens.Create(ring.ActiveSigningCredentials, Issuer.ToString(), new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = "citizen-kari",
            [PlatformClaims.Party] = Parties.Citizen,
        }, Audiences.All, DateTime.UtcNow.AddHours(1));
        await ring.RotateAsync(retirePrevious: true, CancellationToken.None);
        return token;
    }

    private Task<string> Cached(string key, Func<HttpClient, Task<string>> signIn) =>
        _tokens.GetOrAdd(key, _ => new Lazy<Task<string>>(async () =>
        {
            using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() })
            {
                BaseAddress = Gateway.BaseAddress,
                Timeout = TimeSpan.FromSeconds(30),
            };
            return await signIn(browser);
        })).Value;

    private ServiceHost<T> Start<T>(IDictionary<string, string?> settings, int? port = null) where T : class
    {
        // Development, as ./run.sh runs the network: the demo data, the demo's clients and secrets, the test eID.
        var host = new ServiceHost<T>(settings, kestrelPort: port ?? Loopback.FreePort(), environment: "Development");
        _started.Add(host);
        host.StartServer();
        return host;
    }

    private static async Task WaitUntilReady(params Uri[] hosts)
    {
        using var probe = new HttpClient { Timeout = TimeSpan.FromSeconds(5) };
        foreach (var host in hosts)
        {
            await Eventually.Until(
                async () =>
                {
                    try
                    {
                        return (await probe.GetAsync(new Uri(host, "/health/ready"))).IsSuccessStatusCode;
                    }
                    catch (HttpRequestException)
                    {
                        return false;
                    }
                },
                ready => ready,
                $"{host} to report ready (database and broker)",
                TimeSpan.FromSeconds(60));
        }
    }

    public async Task DisposeAsync()
    {
        Gateway?.Dispose();
        for (var i = _started.Count - 1; i >= 0; i--)
        {
            await _started[i].DisposeAsync();
        }

        Partner?.Stop();
        if (Mail is not null)
        {
            await Mail.DisposeAsync();
        }

        if (_vhost is not null)
        {
            await _vhost.DisposeAsync();
        }
    }
}

[CollectionDefinition(Name)]
public sealed class PlatformCollection : ICollectionFixture<PlatformFixture>
{
    public const string Name = "The platform";
}
