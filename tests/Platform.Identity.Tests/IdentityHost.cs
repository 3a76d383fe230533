using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Platform.Identity.CivilServants;
using Platform.Identity.Keys;

namespace Platform.Identity.Tests;

/// <summary>
/// The identity service on the in-memory test server, by default as <c>./run.sh</c> runs it (Development: the demo data,
/// the demo's clients and the test eID). Its issuer is the test server's own origin, so the tokens it issues are the
/// ones its API accepts, and sign-in runs against its real pages.
/// </summary>
public sealed class IdentityHost : IAsyncDisposable
{
    public static readonly Uri Issuer = new("http://localhost/");

    /// <summary>Where the portals' sign-in clients redirect when <c>Portals:PublicAddress</c> is not set; never requested.</summary>
    public static readonly Platform.Testing.SignIn.Client Console = new("caseworker-portal", "http://127.0.0.1:8080/console/account/signed-in");

    public IdentityHost(IDictionary<string, string?>? settings = null, string environment = "Development", Action<IServiceCollection>? configureServices = null)
    {
        var all = new Dictionary<string, string?> { ["Identity:Issuer"] = Issuer.AbsoluteUri };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Bus = new InMemoryBusHost<IdentityDb>(all, environment: environment, configureServices: configureServices);
    }

    public InMemoryBusHost<IdentityDb> Bus { get; }

    public ServiceHost<IdentityDb> Host => Bus.Host;

    public SigningKeyRing Keys => Host.Services.GetRequiredService<SigningKeyRing>();

    /// <summary>A client without a token, as any OAuth client or API caller starts.</summary>
    public HttpClient Anonymous() => Host.CreateClient();

    /// <summary>A browser: keeps cookies, shows redirects instead of following them.</summary>
    public HttpClient Browser() => Host.CreateClient(new WebApplicationFactoryClientOptions { AllowAutoRedirect = false, HandleCookies = true });

    public async Task<HttpClient> AsAsync(Func<HttpClient, Task<string>> signIn) => Anonymous().WithToken(await signIn(Browser()));

    public Task<string> CivilServantTokenAsync(string email) => Platform.Testing.SignIn.CivilServantAsync(Browser(), Issuer, email, DemoCivilServants.Password);

    public Task<string> CitizenTokenAsync(string citizenId) => Platform.Testing.SignIn.CitizenAsync(Browser(), Issuer, citizenId);

    public Task<string> ClientTokenAsync(string clientId, string secret, string scope) => Platform.Testing.SignIn.ClientCredentialsAsync(Anonymous(), Issuer, clientId, secret, scope);

    public async Task<HttpClient> CivilServantAsync(string email) => Anonymous().WithToken(await CivilServantTokenAsync(email));

    public async Task<HttpClient> CitizenAsync(string citizenId) => Anonymous().WithToken(await CitizenTokenAsync(citizenId));

    public async Task<HttpClient> ClientAsync(string clientId, string secret, string scope) => Anonymous().WithToken(await ClientTokenAsync(clientId, secret, scope));

    public ValueTask DisposeAsync() => Bus.DisposeAsync();
}
