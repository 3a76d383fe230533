using System.Net;
using System.Net.Http.Json;
using System.Text;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Forms.Definitions.DefinitionEndpoints;
using static Platform.Forms.Submissions.SubmitForm;

namespace Platform.Forms.Tests;

/// <summary>A designer writes a draft, publishes immutable versions, and every submission stays tied to the version it was made against.</summary>
public sealed class AuthoringTests : IAsyncLifetime
{
    private readonly FormsHost _forms = new();
    private HttpClient _designer = null!;
    private HttpClient _citizen = null!;

    public Task InitializeAsync()
    {
        _designer = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.FormDesigner));
        _citizen = _forms.As(_forms.Tokens.Citizen($"citizen-{Guid.NewGuid():N}"));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task Draft_publish_submit_against_v1_publish_v2_and_the_v1_submission_still_reads_as_v1()
    {
        var draft = await Forms.CreateDraftAsync(_designer, "fjordby", Forms.DogLicence("dog-licence"));
        Assert.Null(draft.PublishedVersion);
        // Not published yet: citizens neither read nor submit it.
        await AccessAssert.NotFoundWithoutDataAsync(await _citizen.GetAsync("/tenants/fjordby/forms/dog-licence"));
        await AccessAssert.NotFoundWithoutDataAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/dog-licence/submissions", new { data = new { dogName = "Fido" } }));

        var v1 = await Forms.PublishAsync(_designer, "fjordby", "dog-licence");
        Assert.Equal((1, "Hundelisens"), (v1.Version, v1.Title));
        Assert.Equal("Dog licence", v1.Titles["en"]);
        Assert.Single(await _forms.QueuedAsync<FormPublished>());

        var v1Submission = await SubmitAsync("/tenants/fjordby/forms/dog-licence/submissions", new { dogName = "Fido" });
        Assert.Equal(1, v1Submission.FormVersion);

        await Forms.EditDraftAsync(_designer, "fjordby", "dog-licence", Forms.DogLicence("dog-licence", askChipNumber: true));
        var v2 = await Forms.PublishAsync(_designer, "fjordby", "dog-licence");
        Assert.Equal(2, v2.Version);
        Assert.Equal(2, (await _forms.QueuedAsync<FormPublished>()).Count);

        // The latest version asks for the chip number; an answer without it no longer passes.
        var errors = await Problems.ValidationErrorsAsync(
            await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/dog-licence/submissions", new { data = new { dogName = "Rex" } }));
        Assert.Equal(["/data/chipNumber"], errors.Keys);
        // A client still on version 1 may say so.
        Assert.Equal(1, (await SubmitAsync("/tenants/fjordby/forms/dog-licence/submissions?version=1", new { dogName = "Rex" })).FormVersion);
        await AccessAssert.NotFoundWithoutDataAsync(await _citizen.PostAsJsonAsync("/tenants/fjordby/forms/dog-licence/submissions?version=3", new { data = new { dogName = "Rex" } }));

        var reread = await _citizen.GetFromJsonAsync<SubmissionReceipt>($"/tenants/fjordby/submissions/{v1Submission.SubmissionId}");
        Assert.Equal(1, reread!.FormVersion);
        var asSubmitted = await _citizen.GetFromJsonAsync<FormDetails>($"/tenants/fjordby/forms/dog-licence/versions/{reread.FormVersion}");
        Assert.Equal(["dogName"], asSubmitted!.Schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
        Assert.Equal(2, (await _citizen.GetFromJsonAsync<FormDetails>("/tenants/fjordby/forms/dog-licence"))!.Version);
        Assert.Equal([1, 2], (await _citizen.GetFromJsonAsync<List<VersionSummary>>("/tenants/fjordby/forms/dog-licence/versions"))!.Select(v => v.Version));
    }

    [Fact]
    public async Task A_seeded_demo_form_gets_its_next_version_from_a_draft_of_the_published_one()
    {
        var form = Forms.DogLicence("street-light");
        await Forms.EditDraftAsync(_designer, "fjordby", "street-light", form);

        Assert.Equal(2, (await Forms.PublishAsync(_designer, "fjordby", "street-light")).Version);
        Assert.Equal(1, (await _citizen.GetFromJsonAsync<FormDetails>("/tenants/fjordby/forms/street-light/versions/1"))!.Version);
    }

    [Fact]
    public async Task A_reference_to_nothing_in_the_schema_is_a_400_naming_the_reference_and_nothing_is_stored()
    {
        var form = new
        {
            key = "broken",
            titles = new { en = "Broken" },
            schema = new Dictionary<string, object> { ["type"] = "object", ["properties"] = new { a = new Dictionary<string, string> { ["$ref"] = "#/$defs/missing" } } },
        };

        var errors = await Problems.ValidationErrorsAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms", form));

        Assert.Equal(["/schema/properties/a/$ref"], errors.Keys);
        await AssertNoDraftsAsync();
    }

    [Fact]
    public async Task A_schema_whose_keywords_have_the_wrong_kind_of_value_is_a_400_naming_the_schema_and_nothing_is_stored()
    {
        var form = new
        {
            key = "broken",
            titles = new { en = "Broken" },
            schema = new Dictionary<string, object> { ["type"] = "object", ["properties"] = new { a = new { minimum = "three" } } },
        };

        var errors = await Problems.ValidationErrorsAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms", form));

        Assert.Contains("cannot be loaded", Assert.Single(errors["/schema"]));
        await AssertNoDraftsAsync();
    }

    [Fact]
    public async Task Every_bad_field_of_a_draft_is_named_and_nothing_is_stored()
    {
        var form = new
        {
            key = "Not A Key",
            titles = new Dictionary<string, string> { ["english!"] = "x" },
            schema = new Dictionary<string, object> { ["$schema"] = "http://json-schema.org/draft-04/schema#", ["type"] = "object" },
            uiHints = "wide",
            expectedProcessingDays = -1,
        };

        var errors = await Problems.ValidationErrorsAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms", form));

        Assert.Equal(["/expectedProcessingDays", "/key", "/schema/$schema", "/titles/english!", "/uiHints"], errors.Keys.Order(StringComparer.Ordinal));
        await AssertNoDraftsAsync();
    }

    [Fact]
    public async Task A_draft_in_malformed_json_or_the_wrong_content_type_is_refused_and_nothing_is_stored()
    {
        using var malformed = await _designer.PostAsync("/tenants/fjordby/forms", new StringContent("""{"key":"x","titles":""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, malformed.StatusCode);
        Assert.Equal("application/problem+json", malformed.Content.Headers.ContentType?.MediaType);

        using var text = await _designer.PostAsync("/tenants/fjordby/forms", new StringContent("key=x", Encoding.UTF8, "text/plain"));
        Assert.Equal(HttpStatusCode.UnsupportedMediaType, text.StatusCode);
        Assert.Equal("application/problem+json", text.Content.Headers.ContentType?.MediaType);
        await AssertNoDraftsAsync();
    }

    [Fact]
    public async Task A_key_in_use_is_a_409()
    {
        await Problems.ExpectAsync(await _designer.PostAsJsonAsync("/tenants/fjordby/forms", Forms.DogLicence("street-light")), HttpStatusCode.Conflict, "/key");
        await AssertNoDraftsAsync();
    }

    [Fact]
    public async Task Drafts_are_the_designers_of_their_own_municipality_alone()
    {
        await Forms.CreateDraftAsync(_designer, "fjordby", Forms.DogLicence("dog-licence"));
        var skogsbergDesigner = _forms.As(_forms.Tokens.CivilServant("skogsberg", Roles.FormDesigner));
        var caseworker = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.Caseworker));

        await AccessAssert.NotFoundWithoutDataAsync(await skogsbergDesigner.GetAsync("/tenants/fjordby/forms/dog-licence/draft"));
        await AccessAssert.NotFoundWithoutDataAsync(await skogsbergDesigner.PutAsJsonAsync("/tenants/fjordby/forms/dog-licence/draft", Forms.DogLicence("dog-licence")));
        await AccessAssert.NotFoundWithoutDataAsync(await skogsbergDesigner.PostAsync("/tenants/fjordby/forms/dog-licence/publish", null));
        // Skogsberg's own namespace does not reach Fjordby's draft either.
        await AccessAssert.NotFoundWithoutDataAsync(await skogsbergDesigner.GetAsync("/tenants/skogsberg/forms/dog-licence/draft"));
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.GetAsync("/tenants/fjordby/forms/dog-licence/draft")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await _citizen.GetAsync("/tenants/fjordby/forms/dog-licence/draft")).StatusCode);
        Assert.DoesNotContain((await _citizen.GetFromJsonAsync<List<FormSummary>>("/tenants/fjordby/forms"))!, f => f.Key == "dog-licence");
        Assert.Empty(await _forms.QueuedAsync<FormPublished>());
    }

    private async Task<SubmissionReceipt> SubmitAsync(string path, object data)
    {
        using var response = await _citizen.PostAsJsonAsync(path, new { data });
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<SubmissionReceipt>())!;
    }

    private async Task AssertNoDraftsAsync() => Assert.Empty(await _forms.InDbAsync(db => db.Drafts.ToListAsync()));
}
