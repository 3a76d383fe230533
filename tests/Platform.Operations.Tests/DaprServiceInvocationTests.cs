using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Platform.Contracts.Forms;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using WireMock.ResponseBuilders;
using WireMock.Server;
using WireMock.Settings;

namespace Platform.Operations.Tests;

/// <summary>
/// In Kubernetes a service's typed clients call through its Dapr sidecar (service invocation: mTLS, retries,
/// tracing between pods); anywhere else they call the configured address. WireMock stands in for the sidecar on
/// DAPR_HTTP_PORT and, in turn, for the service reached directly.
/// </summary>
public sealed class DaprServiceInvocationTests : IDisposable
{
    private readonly TestIdentityProvider _identity = new();
    private readonly WireMockServer _standIn = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });

    public DaprServiceInvocationTests() =>
        _standIn.Given(Request.Create().UsingGet()).RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json").WithBody("""
            {"tenantId":"fjordby","key":"street-light","version":2,"title":"Report a broken street light","expectedProcessingDays":5,
             "schema":{"type":"object"},"isLocationBased":true,"publishedAt":"2026-11-01T10:00:00+00:00"}
            """));

    [Fact]
    public async Task With_Dapr_enabled_a_call_goes_to_the_sidecar_naming_the_service_as_its_app_id_and_carries_the_service_token()
    {
        using var host = ClientOf<IFormsApi>("forms", Scopes.FormsRead, new() { ["Dapr:Enabled"] = "true", ["DAPR_HTTP_PORT"] = _standIn.Port.ToString() });

        var form = await host.Services.GetRequiredService<IFormsApi>().GetVersionAsync("fjordby", "street-light", 2);

        Assert.True(form.IsSuccessStatusCode, form.Error?.Message);
        Assert.Equal(("street-light", 2), (form.Content!.Key, form.Content.Version));
        var request = Assert.Single(_standIn.LogEntries).RequestMessage;
        Assert.Equal("/v1.0/invoke/forms/method/tenants/fjordby/forms/street-light/versions/2", request.Path);
        Assert.StartsWith("Bearer ey", request.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_service_in_another_namespace_is_invoked_by_its_configured_app_id()
    {
        using var host = ClientOf<IOrganisationsApi>("identity", Scopes.OrganisationsRead,
            new() { ["Dapr:Enabled"] = "true", ["DAPR_HTTP_PORT"] = _standIn.Port.ToString(), ["Dapr:AppIds:identity"] = "identity.platform" });

        await host.Services.GetRequiredService<IOrganisationsApi>().GetAsync("fjordby");

        Assert.StartsWith("/v1.0/invoke/identity.platform/method/", Assert.Single(_standIn.LogEntries).RequestMessage.Path);
    }

    [Fact]
    public async Task Without_a_sidecar_a_call_goes_to_the_configured_address()
    {
        using var host = ClientOf<IFormsApi>("forms", Scopes.FormsRead, new() { ["Services:forms"] = _standIn.Url });

        var form = await host.Services.GetRequiredService<IFormsApi>().GetVersionAsync("fjordby", "street-light", 2);

        Assert.True(form.IsSuccessStatusCode, form.Error?.Message);
        Assert.Equal("/tenants/fjordby/forms/street-light/versions/2", Assert.Single(_standIn.LogEntries).RequestMessage.Path);
    }

    /// <summary>A host with nothing but the typed client of <paramref name="service"/>, as a service registers it.</summary>
    private IHost ClientOf<TApi>(string service, string scope, Dictionary<string, string?> settings) where TApi : class
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration.AddInMemoryCollection(_identity.Settings).AddInMemoryCollection(settings);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.AddServiceClient<TApi>(service, scope);
        return builder.Build();
    }

    public void Dispose()
    {
        _standIn.Stop();
        _identity.Dispose();
    }
}
