using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using MassTransit;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cases.Audit;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using WireMock.RequestBuilders;
using WireMock.Server;
using static Platform.Cases.Cases.CaseEndpoints;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Cases.Tests;

/// <summary>
/// The cases service for a test: the in-memory bus instead of RabbitMQ, tokens from <see cref="TestIdentityProvider"/>,
/// and WireMock standing in for the forms service, serving the published street-light form the cases are opened from.
/// Given a clock, the service keeps that time (the overdue scan's included). Given another host, it is a second replica
/// of the service on that host's database.
/// </summary>
public sealed class CasesHost : IAsyncDisposable
{
    public const string StreetLightSchema = """
        {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object","required":["location","description"],
         "properties":{"location":{"type":"object","required":["latitude","longitude"],
                                   "properties":{"latitude":{"type":"number","minimum":-90,"maximum":90},"longitude":{"type":"number","minimum":-180,"maximum":180}}},
                       "description":{"type":"string","minLength":5,"maxLength":500},
                       "poleNumber":{"type":"string","pattern":"^[A-Z]{2}-[0-9]{4}$"}}}
        """;

    private readonly List<HttpClient> _clients = [];

    public CasesHost(TimeProvider? clock = null, IDictionary<string, string?>? settings = null, CasesHost? replicaOf = null)
    {
        Forms = WireMockServer.Start();
        ServeForm("fjordby", "street-light", 1);
        ServeForm("skogsberg", "street-light", 1);
        var all = new Dictionary<string, string?>(Tokens.Settings) { ["Services:forms"] = Forms.Url };
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
        {
            all[key] = value;
        }

        Host = new ServiceHost<CasesDb>(all, services =>
        {
            services.AddMassTransitTestHarness();
            if (clock is not null)
            {
                services.AddSingleton(clock);
            }
        }, replicaOf: replicaOf?.Host);
    }

    public TestIdentityProvider Tokens { get; } = new();

    public WireMockServer Forms { get; }

    public ServiceHost<CasesDb> Host { get; }

    public ITestHarness Bus => Host.Services.GetTestHarness();

    public HttpClient Caseworker(string tenant = "fjordby", string name = "ingrid") => As(Tokens.Issue(new Dictionary<string, object>
    {
        [PlatformClaims.Subject] = name,
        [PlatformClaims.Party] = Parties.CivilServant,
        [PlatformClaims.Tenant] = tenant,
        [PlatformClaims.Organisation] = tenant,
        [PlatformClaims.Role] = Roles.Caseworker,
    }));

    public HttpClient Citizen(string citizenId) => As(Tokens.Citizen(citizenId));

    public HttpClient As(string token)
    {
        var client = Host.CreateClient().WithToken(token);
        _clients.Add(client);
        return client;
    }

    /// <summary>Publishes the submission and waits, as the municipality's caseworker, for its case.</summary>
    public async Task<CaseView> OpenAsync(FormSubmitted submitted)
    {
        await Bus.Bus.Publish(submitted);
        var caseworker = Caseworker(submitted.TenantId);
        var cases = await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<CaseView>>($"/tenants/{submitted.TenantId}/cases?submissionId={submitted.SubmissionId}"))!,
            found => found.Count == 1,
            $"a case for submission {submitted.SubmissionId}");
        return cases[0];
    }

    public Task<CaseView> OpenAsync(string tenant = "fjordby", string citizenId = "kari") => OpenAsync(Submitted.StreetLight(tenant, citizenId));

    /// <summary>The events of <typeparamref name="TEvent"/> the service queued in its outbox, oldest first.</summary>
    public async Task<List<TEvent>> QueuedAsync<TEvent>(Func<TEvent, bool>? where = null)
    {
        var rows = await Host.QueuedAsync<CasesDb, TEvent>();
        return [.. rows.OrderBy(r => r.CreatedAt).Select(r => JsonSerializer.Deserialize<TEvent>(r.Body, JsonSerializerOptions.Web)!).Where(where ?? (_ => true))];
    }

    public Task<List<AuditEntry>> AuditOfAsync(Guid caseId) =>
        Host.InScopeAsync((CasesDb db) => db.Audit.Where(e => e.CaseId == caseId).OrderBy(e => e.Id).ToListAsync());

    /// <summary>Serves version <paramref name="version"/> of a form as the forms service publishes it, to callers with a token.</summary>
    public void ServeForm(string tenant, string formKey, int version, string schema = StreetLightSchema) =>
        Forms.Given(Request.Create().WithPath($"/tenants/{tenant}/forms/{formKey}/versions/{version}").UsingGet().WithHeader("Authorization", "Bearer *"))
            .RespondWith(Response.Create().WithStatusCode(HttpStatusCode.OK).WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(
                new PublishedForm(tenant, formKey, version, "Report a broken street light", 5, JsonDocument.Parse(schema).RootElement, true, DateTimeOffset.UtcNow),
                JsonSerializerOptions.Web)));

    public async ValueTask DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await Host.DisposeAsync();
        Forms.Stop();
        Tokens.Dispose();
    }
}

public static class CaseCalls
{
    public static Task<HttpResponseMessage> ActAsync(this HttpClient client, CaseView @case, string action, object? body = null) =>
        client.PostAsJsonAsync($"/tenants/{@case.TenantId}/cases/{@case.Id}/{action}", body ?? new { });

    /// <summary>Posts and expects 2xx, returning the body; anything else fails with what the service said.</summary>
    public static async Task<T> OkAsync<T>(this Task<HttpResponseMessage> call)
    {
        using var response = await call;
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {body}");
        return JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
    }
}
