using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;
using Xunit.Abstractions;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A civil servant of Skogsberg holding every civil-servant role tries every endpoint of every service, through
/// the gateway, against Fjordby's real resources. The endpoints are read from the services' own route tables, so
/// an endpoint added later is in the matrix without anyone remembering to add it. Each answer must be 403 or 404
/// and carry none of Fjordby's data.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class CrossTenantTests(PlatformFixture platform, ITestOutputHelper output)
{
    private const string Victim = "fjordby";

    /// <summary>
    /// Endpoints whose answer is the same for every member of the network, so nothing of Fjordby's can leak: the
    /// registry of members, and the inter-municipal catalogue, where Fjordby shares a form for others to adopt.
    /// </summary>
    private static readonly HashSet<string> SharedWithEveryone =
    [
        "GET /organisations",
        "GET /organisations/{id}",
        "GET /catalogue",
        "GET /catalogue/{sourceTenantId}/{formKey}",
    ];

    [Fact]
    public async Task A_civil_servant_of_another_municipality_gets_403_or_404_and_never_data_from_any_endpoint()
    {
        var fjordby = await FjordbyResourcesAsync();
        using var intruder = platform.As(await platform.CivilServantTokenAsync("admin@skogsberg.se"));

        var tried = 0;
        var leaks = new List<string>();
        foreach (var (prefix, endpoints) in Endpoints())
        {
            foreach (var (method, template) in endpoints)
            {
                if (SharedWithEveryone.Contains($"{method} {template}"))
                {
                    continue;
                }

                var path = prefix + Fill(template, fjordby.RouteValues);
                using var request = new HttpRequestMessage(new HttpMethod(method), path);
                if (method is "POST" or "PUT" or "PATCH")
                {
                    request.Content = new StringContent(fjordby.BodyFor(template), Encoding.UTF8, "application/json");
                }

                var response = await intruder.SendAsync(request);
                var body = await response.Content.ReadAsStringAsync();
                tried++;
                output.WriteLine($"{(int)response.StatusCode} {method} {path}");
                if (response.StatusCode is not (HttpStatusCode.Forbidden or HttpStatusCode.NotFound))
                {
                    leaks.Add($"{method} {path} answered {(int)response.StatusCode}: {Truncate(body)}");
                }
                else if (fjordby.Secrets.FirstOrDefault(secret => body.Contains(secret, StringComparison.Ordinal)) is { } leaked)
                {
                    leaks.Add($"{method} {path} answered {(int)response.StatusCode} but revealed '{leaked}'");
                }
            }
        }

        Assert.True(tried >= 15, $"only {tried} endpoints were tried; is the route table being read?");
        Assert.True(leaks.Count == 0, string.Join(Environment.NewLine, leaks));
    }

    /// <summary>Every endpoint that needs a token, by gateway prefix: (HTTP method, route template).</summary>
    private IEnumerable<(string Prefix, List<(string Method, string Template)> Endpoints)> Endpoints()
    {
        yield return ("/api/identity", EndpointsOf(platform.Identity.Services));
        yield return ("/api/forms", EndpointsOf(platform.Forms.Services));
        yield return ("/api/cases", EndpointsOf(platform.Cases.Services));
        yield return ("/api/channels", EndpointsOf(platform.Channels.Services));
        yield return ("/api/notifications", EndpointsOf(platform.Notifications.Services));
    }

    private static List<(string Method, string Template)> EndpointsOf(IServiceProvider services) =>
    [
        .. services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(endpoint => endpoint.Metadata.GetMetadata<IAllowAnonymous>() is null)
            .SelectMany(endpoint => (endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"])
                .Select(method => (method, "/" + endpoint.RoutePattern.RawText!.TrimStart('/'))))
            .Select(e => (e.method, e.Item2.Length > 1 ? e.Item2.TrimEnd('/') : e.Item2))
            .Distinct(),
    ];

    private static string Fill(string template, IReadOnlyDictionary<string, string> values)
    {
        var path = template;
        foreach (var segment in template.Split('/').Where(s => s.StartsWith('{')))
        {
            var name = segment.Trim('{', '}').Split(':')[0].TrimStart('*');
            if (!values.TryGetValue(name, out var value))
            {
                throw new InvalidOperationException($"The matrix does not know a Fjordby value for route parameter '{name}' in {template}; add one.");
            }

            path = path.Replace(segment, value);
        }

        return path;
    }

    private static string Truncate(string body) => body.Length > 300 ? body[..300] + "…" : body;

    /// <summary>Real resources of Fjordby, made for this test by Fjordby's own citizen, caseworker, admin and partner.</summary>
    private async Task<FjordbyResources> FjordbyResourcesAsync()
    {
        using var citizen = platform.As(await platform.CitizenTokenAsync("citizen-anna"));
        using var caseworker = platform.As(await platform.CivilServantTokenAsync("ingrid@fjordby.no"));
        using var admin = platform.As(await platform.CivilServantTokenAsync("admin@fjordby.no"));
        using var bank = platform.As(await platform.PartnerTokenAsync(Scopes.WebhooksManage));

        var submitted = await citizen.PostAsJsonAsync($"/api/forms/tenants/{Victim}/forms/street-light/submissions", new
        {
            data = new
            {
                location = new { latitude = 59.92, longitude = 10.76, address = "Kirkegata 7" },
                description = "Matrix test: the lamp outside the church flickers.",
            },
        });
        Assert.Equal(HttpStatusCode.Created, submitted.StatusCode);
        var submissionId = (await submitted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetString()!;

        var cases = await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/{Victim}/cases?submissionId={submissionId}"))!,
            found => found.Count == 1, "the case of the matrix submission");

        var caseId = cases[0].GetProperty("id").GetString()!;
        Assert.Equal(HttpStatusCode.OK, (await caseworker.PostAsync($"/api/cases/tenants/{Victim}/cases/{caseId}/review", null)).StatusCode);
        var asked = await caseworker.PostAsJsonAsync($"/api/cases/tenants/{Victim}/cases/{caseId}/information-requests",
            new { question = "Matrix question: which lamp?" });
        Assert.Equal(HttpStatusCode.Created, asked.StatusCode);

        var consent = await citizen.PostAsJsonAsync($"/api/identity/tenants/{Victim}/consents", new
        {
            partnerId = "nordbank",
            formKeys = new[] { "street-light" },
            expiresAt = DateTimeOffset.UtcNow.AddDays(1),
        });
        Assert.Equal(HttpStatusCode.Created, consent.StatusCode);

        var servants = await admin.GetFromJsonAsync<List<JsonElement>>($"/api/identity/tenants/{Victim}/civil-servants");

        await platform.AgreeWithFjordbyAsync(bank, ["street-light"], ["case.opened"], ["meter-readings"]);
        var agreement = (await bank.GetFromJsonAsync<List<JsonElement>>("/api/channels/partners/nordbank/agreements"))!
            .Single(a => a.GetProperty("tenantId").GetString() == Victim && a.GetProperty("status").GetString() == "Approved");
        var schema = await admin.PutAsJsonAsync($"/api/channels/tenants/{Victim}/data-schemas/meter-readings", new
        {
            title = "Meter readings",
            schema = new { type = "object", properties = new { kwh = new { type = "number" } } },
        });
        Assert.Equal(HttpStatusCode.Created, schema.StatusCode);

        var subscribed = await bank.PostAsJsonAsync("/api/channels/partners/nordbank/webhooks", new
        {
            tenantId = Victim,
            url = $"{platform.Partner.Url}/hooks/matrix",
            eventTypes = new[] { "case.opened" },
        });
        Assert.Equal(HttpStatusCode.Created, subscribed.StatusCode);

        // The case was reviewed and a question asked above, each a notice of its own: the opening's is the one wanted.
        var notices = await Eventually.Until(
            async () => (await citizen.GetFromJsonAsync<List<JsonElement>>("/api/notifications/citizens/me/inbox?limit=200"))!
                .Where(n => n.GetProperty("caseId").GetString() == caseId && n.GetProperty("kind").GetString() == "case-opened").ToList(),
            found => found.Count == 1, "the notice of the matrix case");

        var ids = new Dictionary<string, string>
        {
            ["tenantId"] = Victim,
            ["formKey"] = "street-light",
            ["version"] = "1",
            ["submissionId"] = submissionId,
            ["caseId"] = caseId,
            ["requestId"] = (await asked.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
            ["consentId"] = (await consent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
            ["civilServantId"] = servants![0].GetProperty("id").GetString()!,
            ["subscriptionId"] = (await subscribed.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetString()!,
            ["partnerId"] = "nordbank",
            ["organisationId"] = Victim,
            ["clientId"] = "nordbank-client",
            ["noticeId"] = notices[0].GetProperty("id").GetString()!,
            ["kind"] = "case-opened",
            ["language"] = "nb",
            ["agreementId"] = agreement.GetProperty("id").GetString()!,
            ["schemaKey"] = "meter-readings",
        };
        // A notice is its notification in the inbox: one id for both.
        ids["notificationId"] = ids["noticeId"];
        ids["id"] = ids["consentId"];

        return new FjordbyResources(ids, [
            cases[0].GetProperty("caseNumber").GetString()!,
            "citizen-anna",
            "Matrix test",
            "Matrix question",
            "ingrid@fjordby.no",
        ]);
    }

    private sealed record FjordbyResources(IReadOnlyDictionary<string, string> RouteValues, IReadOnlyList<string> Secrets)
    {
        /// <summary>A well-formed body for each kind of write, so a refusal is about the tenant and not about the input.</summary>
        public string BodyFor(string template) => template switch
        {
            _ when template.EndsWith("/submissions") => """{"citizenId":"citizen-anna","data":{"location":{"latitude":59.9,"longitude":10.7},"description":"intruder"}}""",
            _ when template.EndsWith("/consents") => """{"partnerId":"nordbank","formKeys":["street-light"],"expiresAt":"2099-01-01T00:00:00Z"}""",
            _ when template.EndsWith("/civil-servants") => """{"email":"mole@skogsberg.se","displayName":"Mole","password":"demo-password","roles":["caseworker"]}""",
            _ when template.EndsWith("/webhooks") => """{"tenantId":"fjordby","url":"http://127.0.0.1:9/hook","eventTypes":["case.opened"]}""",
            _ => "{}",
        };
    }
}
