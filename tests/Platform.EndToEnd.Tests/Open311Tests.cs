using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Security;
using static Platform.Testing.Open311Replies;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// An Open311 client that knows only GeoReport v2: it talks to /open311/v2 through the gateway without a Bearer
/// header, sends the partner's real access token as api_key, and follows its request to the real case.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class Open311Tests(PlatformFixture platform)
{
    private const string Jurisdiction = "skogsberg";
    private const string Citizen = "citizen-anna";

    [Fact]
    public async Task A_client_that_speaks_only_the_GeoReport_v2_spec_lists_services_reads_a_definition_posts_a_request_and_reads_it_back_with_its_status()
    {
        var open311 = platform.Gateway;

        var discovery = await JsonAsync(await open311.GetAsync("/open311/v2/discovery.json"));
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", discovery.GetProperty("endpoints")[0].GetProperty("specification").GetString());

        var services = await XmlAsync(await open311.GetAsync($"/open311/v2/services.xml?jurisdiction_id={Jurisdiction}"));
        var streetLight = Assert.Single(services.Root!.Elements("service"), s => s.Element("service_code")!.Value == "street-light");
        Assert.Equal("true", streetLight.Element("metadata")!.Value);

        var definition = await XmlAsync(await open311.GetAsync($"/open311/v2/services/street-light.xml?jurisdiction_id={Jurisdiction}"));
        var attribute = Assert.Single(definition.Root!.Element("attributes")!.Elements("attribute"));
        Assert.Equal(("poleNumber", "string"), (attribute.Element("code")!.Value, attribute.Element("datatype")!.Value));

        // The citizen lets the bank report for them; the bank's client-credentials token is its api_key.
        using (var citizen = platform.As(await platform.CitizenTokenAsync(Citizen)))
        {
            var consent = await citizen.PostAsJsonAsync($"/api/identity/tenants/{Jurisdiction}/consents", new
            {
                partnerId = "nordbank",
                formKeys = new[] { "street-light" },
                expiresAt = DateTimeOffset.UtcNow.AddDays(30),
            });
            Assert.Equal(HttpStatusCode.Created, consent.StatusCode);
        }

        var apiKey = await platform.PartnerTokenAsync(Scopes.FormsSubmit);
        var posted = await JsonAsync(await open311.PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["api_key"] = apiKey,
            ["jurisdiction_id"] = Jurisdiction,
            ["service_code"] = "street-light",
            ["account_id"] = Citizen,
            ["lat"] = "59.3293",
            ["long"] = "18.0686",
            ["address_string"] = "Storgatan 1",
            ["description"] = "Reported through Open311: the lamp is dark.",
            ["attribute[poleNumber]"] = "SB-0042",
        })));
        var receipt = Assert.Single(posted.EnumerateArray());
        var id = receipt.GetProperty("service_request_id").GetString()!;
        Assert.Equal(Citizen, receipt.GetProperty("account_id").GetString());

        // The case opens moments later, from the FormSubmitted the forms service published.
        var request = await Eventually.Until(
            async () => (await JsonAsync(await open311.GetAsync($"/open311/v2/requests/{id}.json?jurisdiction_id={Jurisdiction}&api_key={apiKey}")))[0],
            found => found.GetProperty("status_notes").GetString()!.StartsWith("Case ", StringComparison.Ordinal),
            "the request's case to be opened");
        Assert.Equal(("open", "street-light", "Storgatan 1", 59.3293m, 18.0686m),
            (request.GetProperty("status").GetString(), request.GetProperty("service_code").GetString(), request.GetProperty("address").GetString(),
             request.GetProperty("lat").GetDecimal(), request.GetProperty("long").GetDecimal()));
        Assert.False(string.IsNullOrEmpty(request.GetProperty("agency_responsible").GetString()));

        var listed = await XmlAsync(await open311.GetAsync($"/open311/v2/requests.xml?jurisdiction_id={Jurisdiction}&status=open&api_key={apiKey}"));
        Assert.Contains(listed.Root!.Elements("request"), r => r.Element("service_request_id")!.Value == id);

        // Without the api_key the spec's 403 error document, not the gateway's 401.
        using var anonymous = await open311.GetAsync($"/open311/v2/requests/{id}.json?jurisdiction_id={Jurisdiction}");
        Assert.Equal(HttpStatusCode.Forbidden, anonymous.StatusCode);
        Assert.Equal(403, JsonDocument.Parse(await anonymous.Content.ReadAsStringAsync()).RootElement[0].GetProperty("code").GetInt32());
    }
}
