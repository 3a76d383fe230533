using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;
using static Platform.Forms.Definitions.DefinitionEndpoints;

namespace Platform.Forms.Tests;

public sealed class FormCatalogueTests : IAsyncLifetime
{
    private readonly InMemoryBusHost<FormsDb> _forms = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_municipality_lists_its_published_forms_and_no_one_elses()
    {
        var forms = await _forms.Http.GetFromJsonAsync<List<FormSummary>>("/tenants/fjordby/forms");

        Assert.Equal(["parking-permit", "street-light"], forms!.Select(f => f.Key).Order());
        Assert.All(forms!, f => Assert.Equal("fjordby", f.TenantId));
        Assert.DoesNotContain(forms!, f => f.Key == "bulky-waste");
    }

    [Fact]
    public async Task A_form_is_read_with_the_schema_a_portal_renders_it_from()
    {
        var form = await _forms.Http.GetFromJsonAsync<FormDetails>("/tenants/fjordby/forms/street-light");

        Assert.Equal(1, form!.Version);
        Assert.True(form.IsLocationBased);
        Assert.Equal(["location", "description"], form.Schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
    }

    [Fact]
    public async Task A_form_the_municipality_does_not_publish_is_a_404_problem()
    {
        using var response = await _forms.Http.GetAsync("/tenants/fjordby/forms/bulky-waste");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>();
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("bulky-waste", problem!.Detail);
    }
}
