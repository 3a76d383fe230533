using System.Net;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Platform.Gateway.Tests;

/// <summary>
/// The gateway limits every API per client: past its window's permits a client is answered 429 with Retry-After and
/// a problem, and its requests no longer reach the service, while another client is still served.
/// </summary>
public sealed class RateLimitTests : IAsyncLifetime
{
    private const int PermitLimit = 5;

    private readonly TestIdentityProvider _identity = new();
    private readonly WireMockServer _forms = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
    private readonly WireMockServer _cases = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
    private ServiceHost<CorrelationIds> _gateway = null!;

    public Task InitializeAsync()
    {
        foreach (var service in new[] { _forms, _cases })
        {
            service.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody("[]"));
        }

        _gateway = new ServiceHost<CorrelationIds>(new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = _identity.Issuer,
            ["Identity:MetadataAddress"] = $"{_identity.Issuer}.well-known/openid-configuration",
            ["ReverseProxy:Clusters:forms:Destinations:primary:Address"] = _forms.Url,
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = _cases.Url,
            ["RateLimits:Client:PermitLimit"] = PermitLimit.ToString(),
            ["RateLimits:Client:Window"] = "01:00:00",
        });
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_client_past_its_limit_gets_429_with_retry_after_on_any_api_while_another_client_is_still_served()
    {
        using var kari = _gateway.CreateClient().WithToken(_identity.Citizen("citizen-kari"));
        using var ola = _gateway.CreateClient().WithToken(_identity.Citizen("citizen-ola"));
        for (var i = 0; i < PermitLimit; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await kari.GetAsync("/api/forms/tenants/fjordby/forms")).StatusCode);
        }

        var reachedForms = _forms.LogEntries.Count();
        using var refused = await kari.GetAsync("/api/forms/tenants/fjordby/forms");
        using var refusedElsewhere = await kari.GetAsync("/api/cases/citizens/me/cases");

        var retryAfter = int.Parse(Assert.Single(refused.Headers.GetValues("Retry-After")));
        Assert.InRange(retryAfter, 1, 3600);
        await Problems.ExpectAsync(refused, HttpStatusCode.TooManyRequests, $"{PermitLimit} requests per 3600 s");
        Assert.Equal(HttpStatusCode.TooManyRequests, refusedElsewhere.StatusCode);
        Assert.Equal(reachedForms, _forms.LogEntries.Count());
        Assert.Empty(_cases.LogEntries);

        Assert.Equal(HttpStatusCode.OK, (await ola.GetAsync("/api/forms/tenants/fjordby/forms")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await _gateway.CreateClient().GetAsync("/health/live")).StatusCode);
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        _forms.Stop();
        _cases.Stop();
    }
}
