using System.Text.Json;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Forms.Submissions;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Persistence;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Forms.Tests;

/// <summary>
/// The forms service on an in-memory bus, trusting a test issuer for its callers' tokens, with WireMock standing in
/// for the identity service's consent register: no partner has any consent until a test grants one.
/// </summary>
public sealed class FormsHost : IAsyncDisposable
{
    private readonly InMemoryBusHost<FormsDb> _host;
    private readonly List<HttpClient> _clients = [];

    public FormsHost(IDictionary<string, string?>? settings = null)
    {
        Identity = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
        Identity.Given(Request.Create().WithPath("/tenants/*/consents/check").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody("""{"granted":false,"consentId":null,"expiresAt":null}"""));

        var all = new Dictionary<string, string?>(Tokens.Settings) { ["Services:identity"] = Identity.Url, [DemoData.SeedSetting] = "true" };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        _host = new InMemoryBusHost<FormsDb>(all);
    }

    public TestIdentityProvider Tokens { get; } = new();

    /// <summary>The identity service's consent register, as the forms service calls it.</summary>
    public WireMockServer Identity { get; }

    /// <summary>A client without a token.</summary>
    public HttpClient Anonymous => _host.Http;

    public ITestHarness Bus => _host.Bus;

    public HttpClient As(string token)
    {
        var client = _host.Host.CreateClient().WithToken(token);
        _clients.Add(client);
        return client;
    }

    /// <summary>Records in the stand-in register that <paramref name="partnerId"/> may submit <paramref name="formKey"/> for the citizen; returns the record's id, to revoke it.</summary>
    public Guid GrantConsent(string tenantId, string partnerId, string citizenId, string formKey)
    {
        var mapping = Guid.NewGuid();
        Identity.Given(Request.Create().WithPath($"/tenants/{tenantId}/consents/check").UsingGet()
                .WithParam("partnerId", partnerId).WithParam("citizenId", citizenId).WithParam("formKey", formKey))
            .WithGuid(mapping).AtPriority(1)
            .RespondWith(Response.Create().WithStatusCode(200).WithHeader("Content-Type", "application/json")
                .WithBody(JsonSerializer.Serialize(new { granted = true, consentId = Guid.NewGuid(), expiresAt = DateTimeOffset.UtcNow.AddDays(30) })));
        return mapping;
    }

    public void RevokeConsent(Guid consent) => Identity.DeleteMapping(consent);

    /// <summary>Every submission in the service's database, whatever the municipality.</summary>
    public Task<List<Submission>> StoredAsync() => _host.Host.InScopeAsync((FormsDb db) => db.Submissions.ToListAsync());

    /// <summary>Reads the service's database directly, unrestricted by tenant.</summary>
    public Task<T> InDbAsync<T>(Func<FormsDb, Task<T>> read) => _host.Host.InScopeAsync(read);

    public Task<List<OutboxMessage>> QueuedAsync<TEvent>() => _host.QueuedAsync<TEvent>();

    public async ValueTask DisposeAsync()
    {
        foreach (var client in _clients)
        {
            client.Dispose();
        }

        await _host.DisposeAsync();
        Identity.Stop();
        Tokens.Dispose();
    }
}
