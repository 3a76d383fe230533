using System.Collections.Concurrent;
using System.Net;
using System.Text.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Platform.Gateway.Tests;

/// <summary>
/// The gateway in front of stand-ins for the shared forms and cases instances and for Fjordby's own: a request for
/// Fjordby reaches Fjordby's instance once the configuration names one, any other municipality's stays on the shared
/// one, and a change to the tenants file takes effect on the next requests, with the gateway still running.
/// </summary>
public sealed class TenantRoutingTests : IAsyncLifetime
{
    private readonly TestIdentityProvider _identity = new();
    private readonly WireMockServer _sharedForms = Instance("shared forms");
    private readonly WireMockServer _sharedCases = Instance("shared cases");
    private readonly WireMockServer _fjordbyForms = Instance("fjordby forms");
    private readonly WireMockServer _fjordbyCases = Instance("fjordby cases");
    private readonly string _tenantsFile = Path.Combine(Directory.CreateTempSubdirectory("gateway-tenants-").FullName, "tenants.json");
    private ServiceHost<CorrelationIds> _gateway = null!;
    private readonly ConcurrentQueue<string> _log = new();
    private HttpClient _citizen = null!;

    public Task InitializeAsync()
    {
        WriteTenants(new { });
        _gateway = new ServiceHost<CorrelationIds>(new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = _identity.Issuer,
            ["Identity:MetadataAddress"] = $"{_identity.Issuer}.well-known/openid-configuration",
            ["Gateway:TenantsFile"] = _tenantsFile,
            ["ReverseProxy:Clusters:forms:Destinations:primary:Address"] = _sharedForms.Url,
            ["ReverseProxy:Clusters:cases:Destinations:primary:Address"] = _sharedCases.Url,
        }, services => services.AddSingleton<ILoggerProvider>(new LogLines(_log)));
        _citizen = _gateway.CreateClient().WithToken(_identity.Citizen("citizen-kari"));
        return Task.CompletedTask;
    }

    [Fact]
    public async Task A_municipality_with_its_own_instances_gets_its_requests_there_and_the_others_stay_on_the_shared_ones()
    {
        await RouteFjordbyToItsOwnInstances();

        Assert.Equal("fjordby forms", await AnsweredBy("/api/forms/tenants/fjordby/forms"));
        Assert.Equal("fjordby cases", await AnsweredBy("/api/cases/tenants/fjordby/cases?limit=5"));
        Assert.Equal("shared forms", await AnsweredBy("/api/forms/tenants/skogsberg/forms"));
        Assert.Equal("shared cases", await AnsweredBy("/api/cases/tenants/skogsberg/cases"));
        // What belongs to no municipality (the inter-municipal catalogue) stays on the shared instance.
        Assert.Equal("shared forms", await AnsweredBy("/api/forms/catalogue"));

        // The path reaching Fjordby's instance is the one the shared instance would have got: prefix removed, query kept.
        var request = Assert.Single(_fjordbyCases.LogEntries).RequestMessage;
        Assert.Equal("/tenants/fjordby/cases", request.Path);
        Assert.Equal("5", request.Query!["limit"].ToString());
    }

    [Fact]
    public async Task Open311_requests_follow_their_jurisdiction_in_the_query_and_in_a_posted_form()
    {
        await RouteFjordbyToItsOwnInstances();
        using var anonymous = _gateway.CreateClient();

        Assert.Equal("fjordby forms", await AnsweredBy("/open311/v2/services.json?jurisdiction_id=fjordby", anonymous));
        Assert.Equal("shared forms", await AnsweredBy("/open311/v2/services.json?jurisdiction_id=skogsberg", anonymous));
        Assert.Equal("shared forms", await AnsweredBy("/open311/v2/discovery.json", anonymous));

        var fields = new Dictionary<string, string> { ["jurisdiction_id"] = "fjordby", ["service_code"] = "street-light", ["description"] = "Dark since Monday" };
        var posted = await anonymous.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(fields));
        Assert.Equal("fjordby forms", await posted.Content.ReadAsStringAsync());

        // The body the gateway read to find the jurisdiction is forwarded whole.
        var forwarded = _fjordbyForms.LogEntries.Single(e => e.RequestMessage.Method == "POST").RequestMessage;
        Assert.Equal(await new FormUrlEncodedContent(fields).ReadAsStringAsync(), forwarded.Body);
    }

    [Fact]
    public async Task A_change_to_the_tenants_file_takes_effect_without_a_restart()
    {
        Assert.Equal("shared forms", await AnsweredBy("/api/forms/tenants/fjordby/forms"));

        await RouteFjordbyToItsOwnInstances();
        Assert.Equal("shared forms", await AnsweredBy("/api/forms/tenants/skogsberg/forms"));

        // Fjordby moves back onto the shared instances.
        WriteTenants(new { });
        await Eventually.Until(() => AnsweredBy("/api/forms/tenants/fjordby/forms"), by => by == "shared forms", "Fjordby's traffic back on the shared forms", TimeSpan.FromSeconds(20));
        Assert.Equal("shared cases", await AnsweredBy("/api/cases/tenants/fjordby/cases"));
    }

    [Fact]
    public async Task A_tenants_file_with_an_address_that_is_not_http_is_refused_and_the_routing_in_force_stays()
    {
        await RouteFjordbyToItsOwnInstances();

        // Were the file taken, Skogsberg's requests would move to the instance it names.
        WriteTenants(new { fjordby = new { Clusters = new { forms = "forms.fjordby:8080" } }, skogsberg = new { Clusters = new { forms = _fjordbyForms.Url } } });
        await Eventually.Until(() => Task.FromResult(_log.ToArray()), lines => lines.Any(l => l.Contains("Tenants:fjordby:Clusters:forms is 'forms.fjordby:8080'")),
            "the gateway to refuse the tenants file");

        Assert.Equal("fjordby forms", await AnsweredBy("/api/forms/tenants/fjordby/forms"));
        Assert.Equal("shared forms", await AnsweredBy("/api/forms/tenants/skogsberg/forms"));
    }

    [Fact]
    public async Task A_request_for_a_municipality_with_its_own_instance_still_needs_a_valid_token_and_gets_a_correlation_id()
    {
        await RouteFjordbyToItsOwnInstances();
        using var anonymous = _gateway.CreateClient();
        var before = _fjordbyForms.LogEntries.Count();

        var refused = await anonymous.GetAsync("/api/forms/tenants/fjordby/forms");
        Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
        Assert.Equal(before, _fjordbyForms.LogEntries.Count());

        var answered = await _citizen.GetAsync("/api/forms/tenants/fjordby/forms");
        var correlationId = Assert.Single(answered.Headers.GetValues(CorrelationIds.Header));
        Assert.Equal(correlationId, _fjordbyForms.LogEntries.Last().RequestMessage.Headers![CorrelationIds.Header].Single());
    }

    private async Task RouteFjordbyToItsOwnInstances()
    {
        WriteTenants(new { fjordby = new { Clusters = new { forms = _fjordbyForms.Url, cases = _fjordbyCases.Url } } });
        await Eventually.Until(() => AnsweredBy("/api/forms/tenants/fjordby/forms"), by => by == "fjordby forms", "Fjordby's forms traffic on its own instance", TimeSpan.FromSeconds(20));
        foreach (var instance in new[] { _sharedForms, _sharedCases, _fjordbyForms, _fjordbyCases })
        {
            instance.ResetLogEntries();
        }
    }

    private async Task<string> AnsweredBy(string path, HttpClient? client = null)
    {
        var response = await (client ?? _citizen).GetAsync(path);
        return await response.Content.ReadAsStringAsync();
    }

    private void WriteTenants(object tenants)
    {
        // Written beside and moved into place, as a ConfigMap volume swaps its files, so the watcher never reads half a file.
        var staged = _tenantsFile + ".new";
        File.WriteAllText(staged, JsonSerializer.Serialize(new Dictionary<string, object> { [TenantClusters.Section] = tenants }));
        File.Move(staged, _tenantsFile, overwrite: true);
    }

    private static WireMockServer Instance(string name)
    {
        var server = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
        server.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200).WithBody(name));
        return server;
    }

    public async Task DisposeAsync()
    {
        _citizen.Dispose();
        await _gateway.DisposeAsync();
        foreach (var server in new[] { _sharedForms, _sharedCases, _fjordbyForms, _fjordbyCases })
        {
            server.Stop();
        }

        _identity.Dispose();
        Directory.Delete(Path.GetDirectoryName(_tenantsFile)!, recursive: true);
    }
}
