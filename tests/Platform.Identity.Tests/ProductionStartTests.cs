using System.Collections.Concurrent;
using System.Net;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenIddict.Abstractions;

namespace Platform.Identity.Tests;

/// <summary>Identity as an image starts in a real cluster: Production, with the settings it ships with.</summary>
public sealed class ProductionStartTests
{
    [Fact]
    public async Task Started_as_production_with_the_default_settings_identity_holds_no_demo_organisation_person_or_client_and_offers_no_test_eid()
    {
        await using var identity = new IdentityHost(environment: "Production");

        Assert.Equal(0, await identity.Host.InScopeAsync<IdentityDb, int>(db => db.Organisations.CountAsync()));
        Assert.Equal(0, await identity.Host.InScopeAsync<IdentityDb, int>(db => db.CivilServants.IgnoreQueryFilters().CountAsync()));
        Assert.Equal(0, await identity.Host.InScopeAsync<IdentityDb, int>(db => db.PlatformAdministrators.CountAsync()));
        Assert.Equal(["caseworker-portal", "citizen-portal"], await identity.Host.InScopeAsync<IOpenIddictApplicationManager, string[]>(async clients =>
        {
            var ids = new List<string>();
            await foreach (var client in clients.ListAsync())
            {
                ids.Add((await clients.GetClientIdAsync(client))!);
            }

            return [.. ids.Order()];
        }));

        var demoPartner = await Assert.ThrowsAsync<InvalidOperationException>(
            () => identity.ClientTokenAsync("nordbank-client", "nordbank-demo-secret", "forms.submit"));
        Assert.Contains("invalid_client", demoPartner.Message);
        var demoRoot = await Assert.ThrowsAsync<InvalidOperationException>(() => Platform.Testing.SignIn.CivilServantAsync(
            identity.Browser(), IdentityHost.Issuer, "root@platform.example", "demo-password", IdentityHost.Console));
        Assert.Contains("Wrong e-mail or password", demoRoot.Message);
        Assert.DoesNotContain("eid-test", await identity.Anonymous().GetStringAsync("/account/sign-in?returnUrl=%2F"));
        await Problems.ExpectAsync(await identity.Anonymous().GetAsync("/account/eid/test?returnUrl=%2F"), HttpStatusCode.NotFound, "No eID provider 'test'");
    }

    [Theory]
    [InlineData("Production")]
    [InlineData("Staging")]
    public void Outside_development_an_enabled_test_eid_stops_identity_with_a_log_line_naming_the_setting(string environment)
    {
        var log = new ConcurrentQueue<string>();
        using var identity = new ServiceHost<IdentityDb>(
            new Dictionary<string, string?> { ["Identity:Issuer"] = IdentityHost.Issuer.AbsoluteUri, ["Eid:Test:Enabled"] = "true" },
            services => services.AddSingleton<ILoggerProvider>(new LogLines(log)),
            environment: environment);

        var refusal = Assert.ThrowsAny<Exception>(() => identity.CreateClient());

        Assert.Contains("Eid:Test:Enabled", refusal.Message);
        Assert.Contains(log, line => line.StartsWith("Identity refuses to start: Eid:Test:Enabled is true", StringComparison.Ordinal));
    }

    [Fact]
    public void Outside_development_a_short_service_secret_stops_identity_naming_the_setting()
    {
        using var identity = new ServiceHost<IdentityDb>(new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = IdentityHost.Issuer.AbsoluteUri,
            ["Identity:ServiceClients:forms:Secret"] = "forms-demo-secret",
        }, environment: "Production");

        var refusal = Assert.ThrowsAny<Exception>(() => identity.CreateClient());

        Assert.Contains("Identity:ServiceClients:forms:Secret is shorter than 32 characters", refusal.Message);
    }

    [Fact]
    public void A_secret_for_a_service_the_network_does_not_have_stops_identity_naming_the_setting()
    {
        using var identity = new ServiceHost<IdentityDb>(new Dictionary<string, string?>
        {
            ["Identity:Issuer"] = IdentityHost.Issuer.AbsoluteUri,
            ["Identity:ServiceClients:form:Secret"] = new string('x', 40),
        }, environment: "Production");

        var refusal = Assert.ThrowsAny<Exception>(() => identity.CreateClient());

        Assert.Contains("Identity:ServiceClients:form names no service of the network", refusal.Message);
    }
}
