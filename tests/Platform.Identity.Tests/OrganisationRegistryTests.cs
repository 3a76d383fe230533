using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Identity;

namespace Platform.Identity.Tests;

public sealed class OrganisationRegistryTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _http = await _identity.ClientAsync("channels-service", "channels-demo-secret", "organisations.read");

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task The_registry_lists_the_demo_municipalities_and_the_demo_partner_bank()
    {
        var organisations = await _http.GetFromJsonAsync<List<Organisation>>("/organisations");

        Assert.Equal(
            [
                new Organisation("fjordby", "Fjordby kommune", OrganisationKind.Municipality, "NO"),
                new Organisation("nordbank", "Nordbank ASA", OrganisationKind.Partner, "NO"),
                new Organisation("skogsberg", "Skogsbergs kommun", OrganisationKind.Municipality, "SE"),
            ],
            organisations);
    }

    [Fact]
    public async Task Asking_for_partners_only_leaves_out_the_municipalities()
    {
        var partners = await _http.GetFromJsonAsync<List<Organisation>>("/organisations?kind=Partner");

        Assert.Equal(["nordbank"], partners!.Select(o => o.Id));
    }

    [Fact]
    public async Task Asking_for_municipalities_only_leaves_out_the_partners()
    {
        var municipalities = await _http.GetFromJsonAsync<List<Organisation>>("/organisations?kind=Municipality");

        Assert.Equal(["fjordby", "skogsberg"], municipalities!.Select(o => o.Id));
    }

    [Fact]
    public async Task One_organisation_is_read_by_its_id()
    {
        var nordbank = await _http.GetFromJsonAsync<Organisation>("/organisations/nordbank");

        Assert.Equal(new Organisation("nordbank", "Nordbank ASA", OrganisationKind.Partner, "NO"), nordbank);
    }

    [Fact]
    public async Task An_unknown_organisation_is_a_404_problem_naming_the_id()
    {
        using var response = await _http.GetAsync("/organisations/atlantis");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        using var problem = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal(404, problem.RootElement.GetProperty("status").GetInt32());
        Assert.Contains("atlantis", problem.RootElement.GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Without_a_token_the_registry_answers_401()
    {
        using var response = await _identity.Anonymous().GetAsync("/organisations");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task A_platform_admin_registers_a_municipality_which_is_announced()
    {
        var admin = await _identity.CivilServantAsync("root@platform.example");

        using var response = await admin.PostAsJsonAsync("/organisations", new { id = "ostvik", name = "Östviks kommun", kind = "Municipality", country = "SE" });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var registered = new Organisation("ostvik", "Östviks kommun", OrganisationKind.Municipality, "SE");
        Assert.Equal(registered, await response.Content.ReadFromJsonAsync<Organisation>());
        Assert.Equal(registered, await _http.GetFromJsonAsync<Organisation>("/organisations/ostvik"));
        var announced = Assert.Single(await _identity.Bus.QueuedAsync<OrganisationRegistered>());
        var message = JsonSerializer.Deserialize<OrganisationRegistered>(announced.Body, JsonSerializerOptions.Web)!;
        Assert.Equal(("ostvik", "Östviks kommun", OrganisationKind.Municipality, "SE"), (message.OrganisationId, message.Name, message.Kind, message.Country));
    }

    [Fact]
    public async Task A_caseworker_may_not_register_organisations()
    {
        var caseworker = await _identity.CivilServantAsync("ingrid@fjordby.no");

        using var response = await caseworker.PostAsJsonAsync("/organisations", new { id = "ostvik", name = "Östviks kommun", kind = "Municipality", country = "SE" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Empty(await _identity.Bus.QueuedAsync<OrganisationRegistered>());
    }

    [Fact]
    public async Task An_invalid_registration_names_every_bad_field_and_stores_nothing()
    {
        var admin = await _identity.CivilServantAsync("root@platform.example");

        using var response = await admin.PostAsJsonAsync("/organisations", new { id = "Öst vik", name = " ", country = "sweden" });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/country", "/id", "/kind", "/name"], errors.Keys.Order());
        Assert.Equal(3, (await _http.GetFromJsonAsync<List<Organisation>>("/organisations"))!.Count);
        Assert.Empty(await _identity.Bus.QueuedAsync<OrganisationRegistered>());
    }

    [Fact]
    public async Task Registering_an_id_twice_is_a_conflict()
    {
        var admin = await _identity.CivilServantAsync("root@platform.example");

        using var response = await admin.PostAsJsonAsync("/organisations", new { id = "nordbank", name = "Another bank", kind = "Partner", country = "NO" });

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("Nordbank ASA", (await _http.GetFromJsonAsync<Organisation>("/organisations/nordbank"))!.Name);
    }
}
