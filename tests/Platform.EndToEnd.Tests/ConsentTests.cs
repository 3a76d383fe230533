using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Platform.ServiceDefaults.Security;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A bank acting for a citizen: refused until the citizen consents, accepted while the consent stands, and
/// refused again within seconds of the citizen withdrawing it. Each citizen, bank and form is real and
/// every token comes from the identity service.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class ConsentTests(PlatformFixture platform)
{
    private const string Tenant = "fjordby";
    private const string Citizen = "citizen-ola";

    [Fact]
    public async Task A_partner_submits_for_a_citizen_only_while_the_citizen_consents()
    {
        using var bank = platform.As(await platform.PartnerTokenAsync(Scopes.FormsSubmit));
        using var citizen = platform.As(await platform.CitizenTokenAsync(Citizen));

        var withoutConsent = await SubmitFor(bank);
        await Problems.ExpectAsync(withoutConsent, HttpStatusCode.Forbidden, "consent");

        var granted = await citizen.PostAsJsonAsync($"/api/identity/tenants/{Tenant}/consents", new
        {
            partnerId = "nordbank",
            formKeys = new[] { "street-light" },
            expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);
        var consentId = (await granted.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("id").GetGuid();

        var withConsent = await SubmitFor(bank);
        Assert.Equal(HttpStatusCode.Created, withConsent.StatusCode);
        var submissionId = (await withConsent.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("submissionId").GetGuid();

        // The citizen sees the case the bank started for them.
        var cases = await Eventually.Until(
            () => citizen.GetFromJsonAsync<List<JsonElement>>($"/api/cases/tenants/{Tenant}/cases?submissionId={submissionId}")!,
            found => found!.Count == 1, "the case of the bank's submission");
        Assert.Equal(Citizen, cases![0].GetProperty("citizenId").GetString());

        var revoked = await citizen.DeleteAsync($"/api/identity/citizens/me/consents/{consentId}");
        Assert.True(revoked.IsSuccessStatusCode, $"revoking answered {(int)revoked.StatusCode}");

        var afterRevocation = await Eventually.Until(() => SubmitFor(bank), response => response.StatusCode == HttpStatusCode.Forbidden,
            "the bank to be refused after the revocation", TimeSpan.FromSeconds(5));
        await Problems.ExpectAsync(afterRevocation, HttpStatusCode.Forbidden, "consent");
    }

    [Fact]
    public async Task A_consent_for_one_form_does_not_cover_another()
    {
        using var bank = platform.As(await platform.PartnerTokenAsync(Scopes.FormsSubmit));
        using var citizen = platform.As(await platform.CitizenTokenAsync("citizen-kari"));
        var granted = await citizen.PostAsJsonAsync($"/api/identity/tenants/{Tenant}/consents", new
        {
            partnerId = "nordbank",
            formKeys = new[] { "parking-permit" },
            expiresAt = DateTimeOffset.UtcNow.AddDays(30),
        });
        Assert.Equal(HttpStatusCode.Created, granted.StatusCode);

        var response = await bank.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", StreetLight("citizen-kari"));
        await Problems.ExpectAsync(response, HttpStatusCode.Forbidden, "consent");
    }

    private static Task<HttpResponseMessage> SubmitFor(HttpClient bank) =>
        bank.PostAsJsonAsync($"/api/forms/tenants/{Tenant}/forms/street-light/submissions", StreetLight(Citizen));

    private static object StreetLight(string citizenId) => new
    {
        citizenId,
        data = new
        {
            location = new { latitude = 59.91, longitude = 10.75, address = "Strandveien 3" },
            description = "Reported through the bank: the lamp by the bus stop is out.",
        },
    };
}
