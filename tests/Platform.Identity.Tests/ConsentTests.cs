using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.Contracts.Identity;
using Platform.Identity.Consents;

namespace Platform.Identity.Tests;

public sealed class ConsentTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();
    private HttpClient _kari = null!;
    private HttpClient _formsService = null!;

    public async Task InitializeAsync()
    {
        _kari = await _identity.CitizenAsync("citizen-kari");
        _formsService = await _identity.ClientAsync("forms-service", "forms-demo-secret", "consents.read");
    }

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_citizen_grants_a_partner_consent_which_is_announced_and_listed()
    {
        var expiresAt = DateTimeOffset.UtcNow.AddDays(30);

        using var response = await _kari.PostAsJsonAsync("/tenants/fjordby/consents", new { partnerId = "nordbank", formKeys = new[] { "street-light" }, expiresAt });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var consent = (await response.Content.ReadFromJsonAsync<ConsentView>())!;
        Assert.Equal(("citizen-kari", "nordbank", "fjordby", null as DateTimeOffset?), (consent.CitizenId, consent.PartnerId, consent.TenantId, consent.RevokedAt));
        Assert.Equal(["street-light"], consent.FormKeys);
        Assert.Equal(expiresAt, consent.ExpiresAt);
        var granted = Event<ConsentGranted>(Assert.Single(await _identity.Bus.QueuedAsync<ConsentGranted>()).Body);
        Assert.Equal((consent.Id, "citizen-kari", "nordbank", "fjordby", expiresAt), (granted.ConsentId, granted.CitizenId, granted.PartnerId, granted.TenantId, granted.ExpiresAt));
        Assert.Equal(["street-light"], granted.FormKeys);

        Assert.Equal([consent.Id], (await _kari.GetFromJsonAsync<List<ConsentView>>("/citizens/me/consents"))!.Select(c => c.Id));
        var ola = await _identity.CitizenAsync("citizen-ola");
        Assert.Empty((await ola.GetFromJsonAsync<List<ConsentView>>("/citizens/me/consents"))!);
    }

    [Fact]
    public async Task A_citizen_sees_their_consents_in_every_municipality()
    {
        await GrantAsync("fjordby", "street-light");
        await GrantAsync("skogsberg", "parking-permit");

        var mine = await _kari.GetFromJsonAsync<List<ConsentView>>("/citizens/me/consents");

        Assert.Equal(["fjordby", "skogsberg"], mine!.Select(c => c.TenantId).Order());
    }

    [Fact]
    public async Task A_check_grants_only_the_listed_form_in_the_consents_municipality()
    {
        var consent = await GrantAsync("fjordby", "street-light");

        var granted = await CheckAsync("fjordby", "citizen-kari", "street-light");

        Assert.Equal(new ConsentCheck(true, consent.Id, consent.ExpiresAt), granted);
        Assert.Equal(new ConsentCheck(false, null, null), await CheckAsync("fjordby", "citizen-kari", "building-permit"));
        Assert.Equal(new ConsentCheck(false, null, null), await CheckAsync("skogsberg", "citizen-kari", "street-light"));
        Assert.Equal(new ConsentCheck(false, null, null), await CheckAsync("fjordby", "citizen-ola", "street-light"));
    }

    [Fact]
    public async Task A_revoked_consent_is_announced_once_and_no_longer_granted()
    {
        var consent = await GrantAsync("fjordby", "street-light");

        using var first = await _kari.DeleteAsync($"/citizens/me/consents/{consent.Id}");
        using var again = await _kari.DeleteAsync($"/citizens/me/consents/{consent.Id}");

        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.NotNull((await first.Content.ReadFromJsonAsync<ConsentView>())!.RevokedAt);
        var revoked = Event<ConsentRevoked>(Assert.Single(await _identity.Bus.QueuedAsync<ConsentRevoked>()).Body);
        Assert.Equal((consent.Id, "citizen-kari", "nordbank", "fjordby"), (revoked.ConsentId, revoked.CitizenId, revoked.PartnerId, revoked.TenantId));
        Assert.Equal(new ConsentCheck(false, null, null), await CheckAsync("fjordby", "citizen-kari", "street-light"));
    }

    [Fact]
    public async Task Nobody_else_can_revoke_a_citizens_consent()
    {
        var consent = await GrantAsync("fjordby", "street-light");
        var ola = await _identity.CitizenAsync("citizen-ola");

        using var response = await ola.DeleteAsync($"/citizens/me/consents/{consent.Id}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Empty(await _identity.Bus.QueuedAsync<ConsentRevoked>());
        Assert.True((await CheckAsync("fjordby", "citizen-kari", "street-light")).Granted);
    }

    [Fact]
    public async Task A_consent_without_a_registered_partner_forms_or_a_future_expiry_names_each_field_and_stores_nothing()
    {
        using var response = await _kari.PostAsJsonAsync("/tenants/fjordby/consents",
            new { partnerId = "skogsberg", formKeys = Array.Empty<string>(), expiresAt = DateTimeOffset.UtcNow.AddMinutes(-1) });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/expiresAt", "/formKeys", "/partnerId"], errors.Keys.Order());
        Assert.Contains("skogsberg", errors["/partnerId"][0]);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_consent_for_more_than_a_year_or_in_a_place_that_is_no_municipality_is_refused()
    {
        using var tooLong = await _kari.PostAsJsonAsync("/tenants/fjordby/consents",
            new { partnerId = "nordbank", formKeys = new[] { "street-light" }, expiresAt = DateTimeOffset.UtcNow.AddYears(2) });
        using var notAMunicipality = await _kari.PostAsJsonAsync("/tenants/nordbank/consents",
            new { partnerId = "nordbank", formKeys = new[] { "street-light" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(["/expiresAt"], (await Problems.ValidationErrorsAsync(tooLong)).Keys);
        Assert.Equal(["/tenantId"], (await Problems.ValidationErrorsAsync(notAMunicipality)).Keys);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task Only_citizens_grant_consents()
    {
        var caseworker = await _identity.CivilServantAsync("ingrid@fjordby.no");
        var partner = await _identity.ClientAsync("nordbank-client", "nordbank-demo-secret", "forms.submit");

        using var forbidden = await caseworker.PostAsJsonAsync("/tenants/fjordby/consents",
            new { partnerId = "nordbank", formKeys = new[] { "street-light" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) });
        using var wrongAudience = await partner.PostAsJsonAsync("/tenants/fjordby/consents",
            new { partnerId = "nordbank", formKeys = new[] { "street-light" }, expiresAt = DateTimeOffset.UtcNow.AddDays(1) });

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        // A partner's token is for the APIs of its scopes; none of them is this one.
        Assert.Equal(HttpStatusCode.Unauthorized, wrongAudience.StatusCode);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_check_needs_the_consents_read_scope_and_all_three_parameters()
    {
        var registryReader = await _identity.ClientAsync("channels-service", "channels-demo-secret", "organisations.read");

        using var forbidden = await registryReader.GetAsync("/tenants/fjordby/consents/check?partnerId=nordbank&citizenId=citizen-kari&formKey=street-light");
        using var incomplete = await _formsService.GetAsync("/tenants/fjordby/consents/check?partnerId=nordbank");

        Assert.Equal(HttpStatusCode.Forbidden, forbidden.StatusCode);
        Assert.Equal(["citizenId", "formKey"], (await Problems.ValidationErrorsAsync(incomplete)).Keys.Order());
    }

    private async Task<ConsentView> GrantAsync(string tenantId, string formKey)
    {
        using var response = await _kari.PostAsJsonAsync($"/tenants/{tenantId}/consents",
            new { partnerId = "nordbank", formKeys = new[] { formKey }, expiresAt = DateTimeOffset.UtcNow.AddDays(30) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<ConsentView>())!;
    }

    private async Task<ConsentCheck> CheckAsync(string tenantId, string citizenId, string formKey) =>
        (await _formsService.GetFromJsonAsync<ConsentCheck>($"/tenants/{tenantId}/consents/check?partnerId=nordbank&citizenId={citizenId}&formKey={formKey}"))!;

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty((await _kari.GetFromJsonAsync<List<ConsentView>>("/citizens/me/consents"))!);
        Assert.Empty(await _identity.Bus.QueuedAsync<ConsentGranted>());
    }

    private static T Event<T>(string body) => JsonSerializer.Deserialize<T>(body, JsonSerializerOptions.Web)!;
}
