using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Identity;

namespace Platform.Identity.Tests;

public sealed class OrganisationRegistryTests : IAsyncLifetime
{
    private readonly ServiceHost<IdentityDb> _identity = new();
    private HttpClient _http = null!;

    public Task InitializeAsync()
    {
        _http = _identity.CreateClient();
        return Task.CompletedTask;
    }

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
}
