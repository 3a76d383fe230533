using Microsoft.Playwright;
using Platform.EndToEnd.Tests;
using PortalsHost = Platform.Web.Language.Words;

namespace Platform.Web.Tests;

/// <summary>
/// The whole network as the end-to-end suite runs it (five services and the gateway on real RabbitMQ), the web portals
/// behind its gateway, and Debian's chromium driven by Playwright. Playwright never downloads a browser here: it is
/// pointed at /usr/bin/chromium (scripts/chromium.sh installs it). Screenshots of the main pages are kept under
/// <see cref="Screenshots"/>, next to the test binaries.
/// </summary>
public sealed class PortalFixture : IAsyncLifetime
{
    public const string Chromium = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private ServiceHost<PortalsHost>? _portals;

    public PlatformFixture Platform { get; } = new();

    public IBrowser Browser { get; private set; } = null!;

    /// <summary>The public address people use: the gateway.</summary>
    public Uri Site => Platform.Gateway.BaseAddress!;

    public string Screenshots { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async Task InitializeAsync()
    {
        await Platform.InitializeAsync();

        var api = (string service) => new Uri(Site, $"api/{service}/").ToString();
        _portals = new ServiceHost<PortalsHost>(new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = Platform.Issuer.ToString(),
            // Wired as inside a container network: identity's metadata and token endpoint directly, the browser still
            // signing in at the public issuer through the gateway (./run.sh wires the web host to the issuer alone).
            ["Identity:MetadataAddress"] = new Uri(Platform.Identity.BaseAddress!, ".well-known/openid-configuration").ToString(),
            ["Services:identity"] = api("identity"),
            ["Services:forms"] = api("forms"),
            ["Services:cases"] = api("cases"),
            ["Services:notifications"] = api("notifications"),
        }, kestrelPort: Platform.PortalsAddress.Port);
        _portals.StartServer();
        using (var probe = new HttpClient())
        {
            await Eventually.Until(async () => (await probe.GetAsync(new Uri(Site, "health/ready"))).IsSuccessStatusCode && (await probe.GetAsync(Site)).IsSuccessStatusCode,
                up => up, "the portals to answer through the gateway");
        }

        Directory.CreateDirectory(Screenshots);
        if (!File.Exists(Chromium))
        {
            throw new InvalidOperationException($"The browser tests drive Debian's chromium at {Chromium}; install it with scripts/chromium.sh (as root).");
        }

        Environment.SetEnvironmentVariable("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1");
        _playwright = await Microsoft.Playwright.Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>A fresh browser profile (no cookies), as a new person at their own computer, in English.</summary>
    public async Task<IPage> NewPersonAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = Site.ToString(), Locale = "en-GB" });
        context.SetDefaultTimeout(15_000);
        return await context.NewPageAsync();
    }

    public async Task ScreenshotAsync(IPage page, string name) =>
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(Screenshots, $"{name}.png"), FullPage = true });

    public async Task DisposeAsync()
    {
        if (Browser is not null)
        {
            await Browser.DisposeAsync();
        }

        _playwright?.Dispose();
        if (_portals is not null)
        {
            await _portals.DisposeAsync();
        }

        await Platform.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class PortalCollection : ICollectionFixture<PortalFixture>
{
    public const string Name = "The portals in a browser";
}
