using Platform.Cases;
using Platform.Channels;
using Platform.Forms;
using Platform.Identity;
using Platform.Notifications;
using WireMock.Server;
using WireMock.Settings;
using GatewayHost = Platform.Gateway.CorrelationIds;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// The whole network on this machine: the five services and the gateway on loopback ports, talking
/// through a real RabbitMQ (in a virtual host of their own), and a partner's webhook endpoint stood in
/// for by WireMock.Net. Tests speak only to the gateway; they look inside a service only to observe
/// what no public API shows (which messages a consumer has handled).
/// </summary>
public sealed class PlatformFixture : IAsyncLifetime
{
    private readonly List<IAsyncDisposable> _started = [];
    private RabbitMqVirtualHost? _vhost;

    public HttpClient Gateway { get; private set; } = null!;
    public WireMockServer Partner { get; private set; } = null!;
    public ServiceHost<FormsDb> Forms { get; private set; } = null!;
    public ServiceHost<CasesDb> Cases { get; private set; } = null!;

    public async Task InitializeAsync()
    {
        _vhost = await RabbitMqVirtualHost.CreateAsync();
        var bus = new Dictionary<string, string?>
        {
            ["RabbitMq:Host"] = "127.0.0.1",
            ["RabbitMq:VirtualHost"] = _vhost.Name,
            ["Webhooks:PollInterval"] = "00:00:00.100",
            ["Webhooks:RetryBaseDelay"] = "00:00:00.200",
        };

        Partner = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });

        var identity = Start<IdentityDb>(bus);
        Forms = Start<FormsDb>(bus);
        Cases = Start<CasesDb>(bus);
        var notifications = Start<NotificationsDb>(bus);
        var channels = Start<ChannelsDb>(new Dictionary<string, string?>(bus) { ["Services:identity"] = identity.BaseAddress!.ToString() });

        var routes = new Dictionary<string, string?>();
        foreach (var (name, address) in new[] { ("identity", identity.BaseAddress), ("forms", Forms.BaseAddress), ("cases", Cases.BaseAddress), ("channels", channels.BaseAddress), ("notifications", notifications.BaseAddress) })
        {
            routes[$"ReverseProxy:Clusters:{name}:Destinations:primary:Address"] = address!.ToString();
        }

        var gateway = Start<GatewayHost>(routes);
        Gateway = new HttpClient { BaseAddress = gateway.BaseAddress, Timeout = TimeSpan.FromSeconds(30) };

        await WaitUntilReady(identity.BaseAddress!, Forms.BaseAddress!, Cases.BaseAddress!, notifications.BaseAddress!, channels.BaseAddress!, gateway.BaseAddress!);
    }

    private ServiceHost<T> Start<T>(IDictionary<string, string?> settings) where T : class
    {
        var host = new ServiceHost<T>(settings, kestrelPort: Loopback.FreePort());
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
