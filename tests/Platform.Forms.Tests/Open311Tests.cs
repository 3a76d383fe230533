using System.Net;
using System.Text.Json;
using System.Xml.Linq;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Testing.Open311Replies;
using WireMock.RequestBuilders;
using WireMock.Server;
using WireMock.Settings;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Forms.Tests;

/// <summary>
/// Open311 GeoReport v2 as a client that knows only the specification sees it: discovery, services and their
/// definitions, posting requests form-encoded with an api_key, and reading them back with the state of their case.
/// WireMock stands in for the identity service (municipalities, consents) and for the cases service.
/// </summary>
public sealed class Open311Tests : IAsyncLifetime
{
    private const string Fjordby = "jurisdiction_id=fjordby";

    private readonly WireMockServer _cases = WireMockServer.Start(new WireMockServerSettings { Urls = [$"http://127.0.0.1:{Loopback.FreePort()}"] });
    private readonly string _citizen = $"citizen-{Guid.NewGuid():N}";
    private FormsHost _forms = null!;
    private string _apiKey = null!;

    public Task InitializeAsync()
    {
        _forms = new FormsHost(new Dictionary<string, string?> { ["Services:cases"] = _cases.Url });
        _apiKey = _forms.Tokens.Partner("nordbank", Scopes.FormsSubmit);
        foreach (var (id, name, kind) in new[] { ("fjordby", "Fjordby kommune", "Municipality"), ("nordbank", "Nordbank", "Partner") })
        {
            _forms.Identity.Given(Request.Create().WithPath($"/organisations/{id}").UsingGet())
                .RespondWith(Response.Create().WithHeader("Content-Type", "application/json")
                    .WithBody(JsonSerializer.Serialize(new { id, name, kind, country = "NO" })));
        }

        // No case has been opened until a test says so.
        _cases.Given(Request.Create().WithPath("/tenants/fjordby/cases").UsingGet()).AtPriority(10)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody("[]"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _forms.DisposeAsync();
        _cases.Stop();
    }

    [Fact]
    public async Task Discovery_names_the_GeoReport_v2_endpoint_and_both_formats_without_a_key()
    {
        var json = await JsonAsync(await _forms.Anonymous.GetAsync("/open311/v2/discovery.json"));
        var endpoint = json.GetProperty("endpoints")[0];
        Assert.Equal("http://wiki.open311.org/GeoReport_v2", endpoint.GetProperty("specification").GetString());
        Assert.EndsWith("/open311/v2", endpoint.GetProperty("url").GetString());
        Assert.Equal(["text/xml", "application/json"], endpoint.GetProperty("formats").EnumerateArray().Select(f => f.GetString()));
        Assert.Contains("forms.submit", json.GetProperty("key_service").GetString());

        var xml = await XmlAsync(await _forms.Anonymous.GetAsync("/open311/v2/discovery.xml"));
        Assert.Equal("discovery", xml.Root!.Name);
        Assert.Equal(["text/xml", "application/json"], xml.Root.Element("endpoints")!.Element("endpoint")!.Element("formats")!.Elements("format").Select(f => f.Value));
    }

    [Fact]
    public async Task Services_are_the_municipalitys_location_based_forms_in_json_and_xml()
    {
        var json = await JsonAsync(await _forms.Anonymous.GetAsync($"/open311/v2/services.json?{Fjordby}"));
        var service = Assert.Single(json.EnumerateArray());
        Assert.Equal(("street-light", "Report a broken street light", true, "realtime"),
            (service.GetProperty("service_code").GetString(), service.GetProperty("service_name").GetString(),
             service.GetProperty("metadata").GetBoolean(), service.GetProperty("type").GetString()));

        using var response = await _forms.Anonymous.GetAsync($"/open311/v2/services.xml?{Fjordby}");
        Assert.Equal("text/xml", response.Content.Headers.ContentType?.MediaType);
        var body = await response.Content.ReadAsStringAsync();
        Assert.StartsWith("<?xml version=\"1.0\" encoding=\"utf-8\"?>", body, StringComparison.OrdinalIgnoreCase);
        var xml = XDocument.Parse(body);
        Assert.Equal("services", xml.Root!.Name);
        var element = Assert.Single(xml.Root.Elements("service"));
        Assert.Equal(["service_code", "service_name", "description", "metadata", "type", "keywords", "group"], element.Elements().Select(e => e.Name.LocalName));
        Assert.Equal(("street-light", "true"), (element.Element("service_code")!.Value, element.Element("metadata")!.Value));
    }

    [Fact]
    public async Task A_jurisdiction_is_required_and_must_be_a_municipality()
    {
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync("/open311/v2/services.json"), HttpStatusCode.BadRequest, "jurisdiction_id is required");
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync("/open311/v2/services.json?jurisdiction_id=atlantis"), HttpStatusCode.NotFound, "atlantis");
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync("/open311/v2/services.json?jurisdiction_id=nordbank"), HttpStatusCode.NotFound, "nordbank");

        using var xml = await _forms.Anonymous.GetAsync("/open311/v2/services.xml?jurisdiction_id=atlantis");
        Assert.Equal(HttpStatusCode.NotFound, xml.StatusCode);
        var error = XDocument.Parse(await xml.Content.ReadAsStringAsync()).Root!;
        Assert.Equal("errors", error.Name);
        Assert.Equal("404", error.Element("error")!.Element("code")!.Value);
        Assert.Contains("atlantis", error.Element("error")!.Element("description")!.Value);
    }

    [Fact]
    public async Task A_page_asked_for_with_a_limit_or_offset_that_is_no_whole_number_is_an_error_naming_it()
    {
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync($"/open311/v2/services.json?{Fjordby}&limit=many"), HttpStatusCode.BadRequest, "limit: must be a whole number");
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync($"/open311/v2/requests.json?{Fjordby}&api_key={_apiKey}&offset=-1"), HttpStatusCode.BadRequest,
            "offset: must be a whole number");
    }

    [Fact]
    public async Task A_service_definition_describes_the_forms_questions_beyond_place_and_description()
    {
        var json = await JsonAsync(await _forms.Anonymous.GetAsync($"/open311/v2/services/street-light.json?{Fjordby}"));
        Assert.Equal("street-light", json.GetProperty("service_code").GetString());
        var attribute = Assert.Single(json.GetProperty("attributes").EnumerateArray());
        Assert.Equal(("poleNumber", "string", false, 1, true),
            (attribute.GetProperty("code").GetString(), attribute.GetProperty("datatype").GetString(), attribute.GetProperty("required").GetBoolean(),
             attribute.GetProperty("order").GetInt32(), attribute.GetProperty("variable").GetBoolean()));
        Assert.Contains("^[A-Z]{2}-[0-9]{4}$", attribute.GetProperty("datatype_description").GetString());

        var xml = await XmlAsync(await _forms.Anonymous.GetAsync($"/open311/v2/services/street-light.xml?{Fjordby}"));
        Assert.Equal("service_definition", xml.Root!.Name);
        Assert.Equal("poleNumber", xml.Root.Element("attributes")!.Element("attribute")!.Element("code")!.Value);

        // A form that reports nothing at a place is no Open311 service.
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync($"/open311/v2/services/parking-permit.json?{Fjordby}"), HttpStatusCode.NotFound, "parking-permit");
    }

    [Fact]
    public async Task A_partner_posts_a_request_form_encoded_for_a_consenting_citizen()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        using var response = await PostAsync(StreetLight());

        var receipt = Assert.Single((await JsonAsync(response)).EnumerateArray());
        var id = Guid.Parse(receipt.GetProperty("service_request_id").GetString()!);
        Assert.Equal(_citizen, receipt.GetProperty("account_id").GetString());
        Assert.Contains("5 days", receipt.GetProperty("service_notice").GetString());

        var stored = Assert.Single(await _forms.StoredAsync());
        Assert.Equal((id, _citizen, "nordbank", "street-light"), (stored.Id, stored.CitizenId, stored.SubmittedVia, stored.FormKey));
        var data = JsonDocument.Parse(stored.Data).RootElement;
        Assert.Equal((59.91m, 10.75m, "Strandveien 3"),
            (data.GetProperty("location").GetProperty("latitude").GetDecimal(), data.GetProperty("location").GetProperty("longitude").GetDecimal(),
             data.GetProperty("location").GetProperty("address").GetString()));
        Assert.Equal(("The lamp is out.", "FB-1234"), (data.GetProperty("description").GetString(), data.GetProperty("poleNumber").GetString()));
        Assert.Single(await _forms.QueuedAsync<FormSubmitted>());
    }

    [Fact]
    public async Task The_xml_receipt_is_a_service_requests_document()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        var xml = await XmlAsync(await PostAsync(StreetLight(), "xml"));

        Assert.Equal("service_requests", xml.Root!.Name);
        var request = Assert.Single(xml.Root.Elements("request"));
        Assert.Equal(["service_request_id", "service_notice", "account_id"], request.Elements().Select(e => e.Name.LocalName));
    }

    [Fact]
    public async Task A_request_without_a_place_is_refused_and_nothing_is_stored()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        await ExpectErrorAsync(await PostAsync(StreetLight(without: ["lat", "long", "address_string"])), HttpStatusCode.BadRequest, "lat and long, or address_string");
        // The street-light form needs coordinates; an address alone does not place the pole.
        await ExpectErrorAsync(await PostAsync(StreetLight(without: ["lat", "long"])), HttpStatusCode.BadRequest, "lat: This field is required.");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Each_failing_field_is_named_as_the_spec_names_it()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        var errors = await ErrorsAsync(await PostAsync(StreetLight(("attribute[poleNumber]", "pole 7"), ("lat", "91"), ("description", "Out"))),
            HttpStatusCode.BadRequest);

        Assert.Contains(errors, e => e.StartsWith("attribute[poleNumber]:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("lat:", StringComparison.Ordinal));
        Assert.Contains(errors, e => e.StartsWith("description:", StringComparison.Ordinal));
        await ExpectErrorAsync(await PostAsync(StreetLight(("attribute[colour]", "red"))), HttpStatusCode.BadRequest, "no attribute 'colour'");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task An_unknown_service_code_is_not_found()
    {
        await ExpectErrorAsync(await PostAsync(StreetLight(("service_code", "pothole"))), HttpStatusCode.NotFound, "pothole");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Without_a_valid_api_key_or_the_citizens_consent_nothing_is_posted()
    {
        await ExpectErrorAsync(await PostAsync(StreetLight(without: ["api_key"])), HttpStatusCode.Forbidden, "api_key");
        await ExpectErrorAsync(await PostAsync(StreetLight(("api_key", "not-a-token"))), HttpStatusCode.Forbidden, "api_key");
        var forAnotherApi = _forms.Tokens.Issue(new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = "nordbank-client", [PlatformClaims.Party] = Parties.Partner, [PlatformClaims.Organisation] = "nordbank",
            [PlatformClaims.Scope] = Scopes.FormsSubmit,
        }, audiences: [Audiences.Cases]);
        await ExpectErrorAsync(await PostAsync(StreetLight(("api_key", forAnotherApi))), HttpStatusCode.Forbidden, "api_key");
        await ExpectErrorAsync(await PostAsync(StreetLight(("api_key", _forms.Tokens.Partner("nordbank", Scopes.CasesRead)))), HttpStatusCode.Forbidden, "api_key");

        await ExpectErrorAsync(await PostAsync(StreetLight()), HttpStatusCode.Forbidden, "no consent");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_bearer_token_serves_as_the_api_key()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        using var response = await _forms.As(_apiKey).PostAsync("/open311/v2/requests.json", new FormUrlEncodedContent(StreetLight(without: ["api_key"])));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Single(await _forms.StoredAsync());
    }

    [Fact]
    public async Task A_request_reads_back_with_the_status_of_its_case()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        var id = await PostedAsync();

        var beforeTheCase = Assert.Single((await JsonAsync(await GetAsync($"/open311/v2/requests/{id}.json?{Fjordby}"))).EnumerateArray());
        Assert.Equal(("open", "Received; the case is being opened."), (beforeTheCase.GetProperty("status").GetString(), beforeTheCase.GetProperty("status_notes").GetString()));

        OpenCase(id, "Received");
        var request = Assert.Single((await JsonAsync(await GetAsync($"/open311/v2/requests/{id}.json?{Fjordby}"))).EnumerateArray());
        Assert.Equal((id.ToString(), "open", "Case FJO-2026-ABCDEF: Received.", "street-light", "Report a broken street light", "Fjordby kommune"),
            (request.GetProperty("service_request_id").GetString(), request.GetProperty("status").GetString(), request.GetProperty("status_notes").GetString(),
             request.GetProperty("service_code").GetString(), request.GetProperty("service_name").GetString(), request.GetProperty("agency_responsible").GetString()));
        Assert.Equal(("The lamp is out.", "Strandveien 3", 59.91m, 10.75m),
            (request.GetProperty("description").GetString(), request.GetProperty("address").GetString(), request.GetProperty("lat").GetDecimal(), request.GetProperty("long").GetDecimal()));
        var requested = DateTimeOffset.Parse(request.GetProperty("requested_datetime").GetString()!);
        Assert.Equal(requested.AddDays(5), DateTimeOffset.Parse(request.GetProperty("expected_datetime").GetString()!));

        var xml = await XmlAsync(await GetAsync($"/open311/v2/requests/{id}.xml?{Fjordby}"));
        Assert.Equal("service_requests", xml.Root!.Name);
        Assert.Equal(
            ["service_request_id", "status", "status_notes", "service_name", "service_code", "description", "agency_responsible", "service_notice",
             "requested_datetime", "updated_datetime", "expected_datetime", "address", "address_id", "zipcode", "lat", "long", "media_url"],
            xml.Root.Element("request")!.Elements().Select(e => e.Name.LocalName));

        // The cases service decided the case: the request is closed.
        OpenCase(id, "Closed");
        var closed = Assert.Single((await JsonAsync(await GetAsync($"/open311/v2/requests/{id}.json?{Fjordby}"))).EnumerateArray());
        Assert.Equal("closed", closed.GetProperty("status").GetString());

        // The forms service asked the cases service with its own token.
        Assert.All(_cases.LogEntries, entry => Assert.StartsWith("Bearer ", entry.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task Requests_are_listed_by_the_standard_filters()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        var (first, second) = (await PostedAsync(), await PostedAsync());
        OpenCase(second, "Withdrawn");

        Assert.Equal([second.ToString(), first.ToString()], await IdsAsync($"/open311/v2/requests.json?{Fjordby}"));
        Assert.Equal([first.ToString()], await IdsAsync($"/open311/v2/requests.json?{Fjordby}&status=open"));
        Assert.Equal([second.ToString()], await IdsAsync($"/open311/v2/requests.json?{Fjordby}&status=closed&service_code=street-light"));
        Assert.Empty(await IdsAsync($"/open311/v2/requests.json?{Fjordby}&service_code=pothole"));
        Assert.Empty(await IdsAsync($"/open311/v2/requests.json?{Fjordby}&start_date={Uri.EscapeDataString($"{DateTimeOffset.UtcNow.AddHours(1):O}")}"));
        Assert.Equal([second.ToString(), first.ToString()],
            await IdsAsync($"/open311/v2/requests.json?{Fjordby}&start_date={DateTimeOffset.UtcNow.AddHours(-1):yyyy-MM-ddTHH:mm:ssZ}&end_date={DateTimeOffset.UtcNow.AddHours(1):yyyy-MM-ddTHH:mm:ssZ}"));
        // Named by id, the other filters do not apply.
        Assert.Equal([first.ToString()], await IdsAsync($"/open311/v2/requests.json?{Fjordby}&service_request_id={first}&status=closed"));
        Assert.Equal([second.ToString(), first.ToString()], await IdsAsync($"/open311/v2/requests.json?{Fjordby}&service_request_id={first},{second}"));

        await ExpectErrorAsync(await GetAsync($"/open311/v2/requests.json?{Fjordby}&status=pending"), HttpStatusCode.BadRequest, "status");
        await ExpectErrorAsync(await GetAsync($"/open311/v2/requests.json?{Fjordby}&start_date=yesterday"), HttpStatusCode.BadRequest, "start_date");
    }

    [Fact]
    public async Task A_partner_reads_only_the_requests_it_posted()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        var id = await PostedAsync();
        var otherBank = _forms.Tokens.Partner("otherbank", Scopes.FormsSubmit);

        Assert.Empty(await IdsAsync($"/open311/v2/requests.json?{Fjordby}&api_key={otherBank}"));
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync($"/open311/v2/requests/{id}.json?{Fjordby}&api_key={otherBank}"), HttpStatusCode.NotFound, id.ToString());
        await ExpectErrorAsync(await _forms.Anonymous.GetAsync($"/open311/v2/requests.json?{Fjordby}"), HttpStatusCode.Forbidden, "api_key");
    }

    [Fact]
    public async Task Without_the_cases_service_the_status_is_not_guessed()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        var id = await PostedAsync();
        _cases.Stop();

        await ExpectErrorAsync(await GetAsync($"/open311/v2/requests/{id}.json?{Fjordby}"), HttpStatusCode.ServiceUnavailable, "try again");
    }

    [Fact]
    public async Task A_format_other_than_xml_or_json_is_not_offered()
    {
        using var response = await _forms.Anonymous.GetAsync($"/open311/v2/services.csv?{Fjordby}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("errors", XDocument.Parse(await response.Content.ReadAsStringAsync()).Root!.Name);
    }

    private List<KeyValuePair<string, string>> StreetLight(params (string Name, string Value)[] overrides) => StreetLight([], overrides);

    private List<KeyValuePair<string, string>> StreetLight(string[] without, params (string Name, string Value)[] overrides)
    {
        var fields = new Dictionary<string, string>
        {
            ["api_key"] = _apiKey,
            ["jurisdiction_id"] = "fjordby",
            ["service_code"] = "street-light",
            ["account_id"] = _citizen,
            ["lat"] = "59.91",
            ["long"] = "10.75",
            ["address_string"] = "Strandveien 3",
            ["description"] = "The lamp is out.",
            ["attribute[poleNumber]"] = "FB-1234",
            ["email"] = "kari@example.no",
            ["first_name"] = "Kari",
        };
        foreach (var name in without)
        {
            fields.Remove(name);
        }

        foreach (var (name, value) in overrides)
        {
            fields[name] = value;
        }

        return [.. fields];
    }

    private Task<HttpResponseMessage> PostAsync(IEnumerable<KeyValuePair<string, string>> fields, string format = "json") =>
        _forms.Anonymous.PostAsync($"/open311/v2/requests.{format}", new FormUrlEncodedContent(fields));

    private Task<HttpResponseMessage> GetAsync(string path) => _forms.Anonymous.GetAsync($"{path}&api_key={_apiKey}");

    private async Task<Guid> PostedAsync()
    {
        var receipt = await JsonAsync(await PostAsync(StreetLight()));
        return Guid.Parse(receipt[0].GetProperty("service_request_id").GetString()!);
    }

    private async Task<List<string?>> IdsAsync(string path) =>
        [.. (await JsonAsync(await (path.Contains("api_key=") ? _forms.Anonymous.GetAsync(path) : GetAsync(path)))).EnumerateArray()
            .Select(r => r.GetProperty("service_request_id").GetString())];

    private void OpenCase(Guid submissionId, string status) =>
        _cases.Given(Request.Create().WithPath("/tenants/fjordby/cases").UsingGet().WithParam("submissionId", submissionId.ToString()))
            .AtPriority(1)
            .RespondWith(Response.Create().WithHeader("Content-Type", "application/json").WithBody(JsonSerializer.Serialize(new[]
            {
                new
                {
                    id = Guid.NewGuid(), caseNumber = "FJO-2026-ABCDEF", tenantId = "fjordby", submissionId, formKey = "street-light", formVersion = 1,
                    formTitle = "Report a broken street light", citizenId = _citizen, status, openedAt = DateTimeOffset.UtcNow,
                },
            })));

    /// <summary>The descriptions of the spec's JSON error document, after checking its status and that each code is that status.</summary>
    private static async Task<List<string>> ErrorsAsync(HttpResponseMessage response, HttpStatusCode status)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
            Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
            var errors = JsonDocument.Parse(body).RootElement.EnumerateArray().ToList();
            Assert.NotEmpty(errors);
            Assert.All(errors, e => Assert.Equal((int)status, e.GetProperty("code").GetInt32()));
            return [.. errors.Select(e => e.GetProperty("description").GetString()!)];
        }
    }

    private static async Task ExpectErrorAsync(HttpResponseMessage response, HttpStatusCode status, string mentions)
    {
        var errors = await ErrorsAsync(response, status);
        Assert.Contains(errors, e => e.Contains(mentions, StringComparison.OrdinalIgnoreCase));
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await _forms.StoredAsync());
        Assert.Empty(await _forms.QueuedAsync<FormSubmitted>());
    }
}
