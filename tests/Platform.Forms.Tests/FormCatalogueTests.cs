using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using static Platform.Forms.Definitions.DefinitionEndpoints;

namespace Platform.Forms.Tests;

public sealed class FormCatalogueTests : IAsyncLifetime
{
    private readonly FormsHost _forms = new();
    private HttpClient _citizen = null!;

    public Task InitializeAsync()
    {
        _citizen = _forms.As(_forms.Tokens.Citizen($"citizen-{Guid.NewGuid():N}"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_municipality_lists_its_published_forms_and_no_one_elses()
    {
        var forms = await _citizen.GetFromJsonAsync<List<FormSummary>>("/tenants/fjordby/forms");

        Assert.Equal(["parking-permit", "street-light"], forms!.Select(f => f.Key).Order());
        Assert.All(forms!, f => Assert.Equal("fjordby", f.TenantId));
        Assert.DoesNotContain(forms!, f => f.Key == "bulky-waste");
    }

    [Fact]
    public async Task A_form_is_read_with_the_schema_a_portal_renders_it_from()
    {
        var form = await _citizen.GetFromJsonAsync<FormDetails>("/tenants/fjordby/forms/street-light");

        Assert.Equal(1, form!.Version);
        Assert.True(form.IsLocationBased);
        Assert.Equal(["location", "description"], form.Schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_form_the_municipality_does_not_publish_is_a_404_problem()
    {
        using var response = await _citizen.GetAsync("/tenants/fjordby/forms/bulky-waste");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bulky-waste", problem!.Detail);
    }

    [Fact]
    public async Task A_civil_servant_reads_their_own_municipalitys_forms_and_no_other()
    {
        var skogsberg = _forms.As(_forms.Tokens.CivilServant("skogsberg"));

        Assert.Contains((await skogsberg.GetFromJsonAsync<List<FormSummary>>("/tenants/skogsberg/forms"))!, f => f.Key == "bulky-waste");
        await AccessAssert.NotFoundWithoutDataAsync(await skogsberg.GetAsync("/tenants/fjordby/forms"));
        await AccessAssert.NotFoundWithoutDataAsync(await skogsberg.GetAsync("/tenants/fjordby/forms/street-light"));
    }

    [Fact]
    public async Task Without_a_token_the_catalogue_is_a_401_problem() =>
        await AccessAssert.UnauthorizedAsync(await _forms.Anonymous.GetAsync("/tenants/fjordby/forms"), "access token is required");

    [Fact]
    public async Task A_token_for_another_api_is_a_401_problem()
    {
        var elsewhere = _forms.As(_forms.Tokens.Issue(
            new Dictionary<string, object> { ["sub"] = "someone", ["party"] = "citizen" }, audiences: ["elsewhere"]));

        await AccessAssert.UnauthorizedAsync(await elsewhere.GetAsync("/tenants/fjordby/forms"), "wrong audience");
    }
}
