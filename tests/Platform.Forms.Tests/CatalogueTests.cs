using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Forms.Authoring.DraftEndpoints;
using static Platform.Forms.Catalogue.CatalogueEndpoints;
using static Platform.Forms.Definitions.DefinitionEndpoints;

namespace Platform.Forms.Tests;

/// <summary>Fjordby shares a form, Skogsberg adopts and tailors it, and hears of (and pulls) what Fjordby publishes next.</summary>
public sealed class CatalogueTests : IAsyncLifetime
{
    private readonly FormsHost _forms = new();
    private HttpClient _fjordby = null!;
    private HttpClient _skogsberg = null!;

    public Task InitializeAsync()
    {
        _fjordby = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.FormDesigner));
        _skogsberg = _forms.As(_forms.Tokens.CivilServant("skogsberg", Roles.FormDesigner));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_shares_B_adopts_A_publishes_v2_B_is_told_and_pulls_it()
    {
        await Forms.CreateDraftAsync(_fjordby, "fjordby", Forms.DogLicence("dog-licence"));
        await Forms.PublishAsync(_fjordby, "fjordby", "dog-licence");
        using (var shared = await _fjordby.PostAsync("/tenants/fjordby/forms/dog-licence/share", null))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }

        Assert.Single(await _forms.QueuedAsync<FormSharedToCatalogue>());

        // Skogsberg finds it and adopts it under its own key, then tailors the texts and publishes its own version 1.
        var citizen = _forms.As(_forms.Tokens.Citizen("citizen-anna"));
        var found = Assert.Single((await citizen.GetFromJsonAsync<List<CatalogueEntry>>("/catalogue?search=dog"))!);
        Assert.Equal(("fjordby", "dog-licence", 1, 0), (found.SourceTenantId, found.FormKey, found.LatestSharedVersion, found.AdoptionCount));

        using (var adopt = await _skogsberg.PostAsJsonAsync("/tenants/skogsberg/catalogue/adoptions", new { sourceTenantId = "fjordby", formKey = "dog-licence", newKey = "hundlicens" }))
        {
            Assert.Equal(HttpStatusCode.Created, adopt.StatusCode);
            var copy = (await adopt.Content.ReadFromJsonAsync<DraftView>())!;
            Assert.Equal(("fjordby", "dog-licence", 1), (copy.Lineage!.SourceTenantId, copy.Lineage.SourceFormKey, copy.Lineage.SourceVersion));
        }

        Assert.Single(await _forms.QueuedAsync<FormAdopted>());
        await Forms.EditDraftAsync(_skogsberg, "skogsberg", "hundlicens", Tailored(Forms.DogLicence("hundlicens")));
        var tailored = await Forms.PublishAsync(_skogsberg, "skogsberg", "hundlicens");
        Assert.Equal(("Hundlicens", 1, 1, false), (tailored.Title, tailored.Lineage!.SourceVersion, tailored.Upstream!.UpstreamVersion, tailored.Upstream.UpdateAvailable));
        Assert.Equal(1, (await citizen.GetFromJsonAsync<List<CatalogueEntry>>("/catalogue?tenant=fjordby"))!.Single().AdoptionCount);

        // Fjordby publishes version 2 of a form it shares: the catalogue has it, and Skogsberg is told.
        await Forms.EditDraftAsync(_fjordby, "fjordby", "dog-licence", Forms.DogLicence("dog-licence", askChipNumber: true));
        await Forms.PublishAsync(_fjordby, "fjordby", "dog-licence");
        using (var again = await _fjordby.PostAsync("/tenants/fjordby/forms/dog-licence/share", null))
        {
            Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        }

        var told = Assert.Single(await _forms.QueuedAsync<UpstreamVersionAvailable>());
        var available = JsonSerializer.Deserialize<UpstreamVersionAvailable>(told.Body, JsonSerializerOptions.Web)!;
        Assert.Equal(("skogsberg", "hundlicens", 2, 1), (available.TenantId, available.FormKey, available.UpstreamVersion, available.AdoptedVersion));
        var copyNow = (await _skogsberg.GetFromJsonAsync<FormDetails>("/tenants/skogsberg/forms/hundlicens"))!;
        Assert.Equal((1, 2, true), (copyNow.Upstream!.AdoptedVersion, copyNow.Upstream.UpstreamVersion, copyNow.Upstream.UpdateAvailable));

        // Skogsberg pulls: the questions follow upstream, its own wording stays; publishing makes its version 2.
        using (var pull = await _skogsberg.PostAsync("/tenants/skogsberg/forms/hundlicens/pull-upstream", null))
        {
            Assert.Equal(HttpStatusCode.OK, pull.StatusCode);
            var pulled = (await pull.Content.ReadFromJsonAsync<DraftView>())!;
            Assert.Equal("Hundlicens", pulled.Titles["sv"]);
            Assert.Contains("chipNumber", pulled.Schema.GetProperty("required").EnumerateArray().Select(r => r.GetString()));
            Assert.Equal((2, 2, false), (pulled.Lineage!.SourceVersion, pulled.Upstream!.AdoptedVersion, pulled.Upstream.UpdateAvailable));
        }

        var v2 = await Forms.PublishAsync(_skogsberg, "skogsberg", "hundlicens");
        Assert.Equal((2, 2, "Hundlicens"), (v2.Version, v2.Lineage!.SourceVersion, v2.Title));
        await Problems.ExpectAsync(await _skogsberg.PostAsync("/tenants/skogsberg/forms/hundlicens/pull-upstream", null), HttpStatusCode.Conflict, "already");
    }

    [Fact]
    public async Task Only_what_is_shared_can_be_adopted_and_a_bad_adoption_names_its_fields()
    {
        // Fjordby's street light is published but not shared.
        await Problems.ExpectAsync(
            await _skogsberg.PostAsJsonAsync("/tenants/skogsberg/catalogue/adoptions", new { sourceTenantId = "fjordby", formKey = "street-light", newKey = "lamp" }),
            HttpStatusCode.NotFound, "shares no");
        await AccessAssert.NotFoundWithoutDataAsync(await _skogsberg.GetAsync("/catalogue/fjordby/street-light"));

        var errors = await Problems.ValidationErrorsAsync(
            await _skogsberg.PostAsJsonAsync("/tenants/skogsberg/catalogue/adoptions", new { sourceTenantId = "skogsberg", newKey = "Bad Key" }));
        Assert.Equal(["/formKey", "/newKey", "/sourceTenantId"], errors.Keys.Order(StringComparer.Ordinal));

        // Skogsberg already has a street-light form of its own.
        using (var shared = await _fjordby.PostAsync("/tenants/fjordby/forms/street-light/share", null))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }

        await Problems.ExpectAsync(
            await _skogsberg.PostAsJsonAsync("/tenants/skogsberg/catalogue/adoptions", new { sourceTenantId = "fjordby", formKey = "street-light" }),
            HttpStatusCode.Conflict, "/newKey");
        Assert.Empty(await _forms.InDbAsync(db => db.Adoptions.ToListAsync()));
        Assert.Empty(await _forms.QueuedAsync<FormAdopted>());
    }

    [Fact]
    public async Task Sharing_and_adopting_are_for_designers_and_an_adopted_draft_stays_the_adopters()
    {
        var caseworker = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.Caseworker));
        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsync("/tenants/fjordby/forms/street-light/share", null)).StatusCode);
        await AccessAssert.NotFoundWithoutDataAsync(await _skogsberg.PostAsync("/tenants/fjordby/forms/street-light/share", null));
        Assert.Equal(HttpStatusCode.Forbidden,
            (await _forms.As(_forms.Tokens.Partner("nordbank", Scopes.FormsSubmit)).GetAsync("/catalogue")).StatusCode);

        using (var shared = await _fjordby.PostAsync("/tenants/fjordby/forms/street-light/share", null))
        {
            Assert.Equal(HttpStatusCode.Created, shared.StatusCode);
        }

        using (var adopt = await _skogsberg.PostAsJsonAsync("/tenants/skogsberg/catalogue/adoptions", new { sourceTenantId = "fjordby", formKey = "street-light", newKey = "lamp" }))
        {
            Assert.Equal(HttpStatusCode.Created, adopt.StatusCode);
        }

        await AccessAssert.NotFoundWithoutDataAsync(await _fjordby.GetAsync("/tenants/skogsberg/forms/lamp/draft"));
        await AccessAssert.NotFoundWithoutDataAsync(await _fjordby.GetAsync("/tenants/fjordby/forms/lamp/draft"));
        Assert.Equal("lamp", (await _skogsberg.GetFromJsonAsync<DraftView>("/tenants/skogsberg/forms/lamp/draft"))!.Key);
    }

    private static object Tailored(object form)
    {
        var json = JsonSerializer.SerializeToNode(form)!.AsObject();
        json["titles"] = new System.Text.Json.Nodes.JsonObject { ["sv"] = "Hundlicens", ["en"] = "Dog licence" };
        json["expectedProcessingDays"] = 3;
        return json;
    }
}
