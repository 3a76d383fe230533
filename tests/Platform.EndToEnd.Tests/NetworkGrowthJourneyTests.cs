using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// Members made through identity's APIs alone, as on a real network, work across the whole network through the gateway:
/// a new municipality's tenant admin and caseworker, and a partner with the client the platform admin issued.
/// </summary>
[Collection(PlatformCollection.Name)]
public sealed class NetworkGrowthJourneyTests(PlatformFixture platform)
{
    [Fact]
    public async Task A_municipality_its_staff_and_a_partner_made_through_the_apis_sign_in_and_work_together()
    {
        using var root = platform.As(await platform.CivilServantTokenAsync("root@platform.example"));
        await RegisterAsync(root, "hagen", "Municipality");
        await RegisterAsync(root, "hagenbank", "Partner");

        using var invitedAdmin = await root.PostAsJsonAsync("/api/identity/organisations/hagen/tenant-admins", new { email = "it@hagen.no", displayName = "Hagen IT" });
        using var admin = platform.As(await SignInChoosingPasswordAsync("it@hagen.no", (await invitedAdmin.Content.ReadFromJsonAsync<StaffInvitation>())!));
        using var invitedCaseworker = await admin.PostAsJsonAsync("/api/identity/tenants/hagen/civil-servants",
            new { email = "case@hagen.no", displayName = "Hagen caseworker", roles = new[] { Roles.Caseworker } });
        using var caseworker = platform.As(await SignInChoosingPasswordAsync("case@hagen.no", (await invitedCaseworker.Content.ReadFromJsonAsync<StaffInvitation>())!));

        using var issued = await root.PostAsJsonAsync("/api/identity/organisations/hagenbank/clients", new { scopes = new[] { Scopes.FormsSubmit, Scopes.WebhooksManage } });
        var client = (await issued.Content.ReadFromJsonAsync<IssuedPartnerClient>())!;
        using var bank = platform.As(await SignIn.ClientCredentialsAsync(platform.Gateway, platform.Issuer, client.ClientId, client.ClientSecret, "forms.submit webhooks.manage"));

        using var applied = await bank.PostAsJsonAsync("/api/channels/partners/hagenbank/agreements",
            new { tenantId = "hagen", formKeys = new[] { "street-light" }, eventTypes = new[] { "case.opened" }, dataSchemas = Array.Empty<string>(), purpose = "Reports from our app" });
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var queue = await admin.GetFromJsonAsync<List<AgreementSummary>>("/api/channels/tenants/hagen/agreements");
        var application = Assert.Single(queue!);
        Assert.Equal("hagenbank", application.PartnerId);
        using var approved = await admin.PostAsJsonAsync($"/api/channels/tenants/hagen/agreements/{application.Id}/approval",
            new { formKeys = new[] { "street-light" }, eventTypes = new[] { "case.opened" }, dataSchemas = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        using var cases = await caseworker.GetAsync("/api/cases/tenants/hagen/cases");
        Assert.Equal(HttpStatusCode.OK, cases.StatusCode);
        // Another municipality's cases and another partner's agreements do not exist for them.
        using var anotherMunicipality = await caseworker.GetAsync("/api/cases/tenants/fjordby/cases");
        Assert.Equal(HttpStatusCode.NotFound, anotherMunicipality.StatusCode);
        using var anotherPartner = await bank.GetAsync("/api/channels/partners/nordbank/agreements");
        Assert.Equal(HttpStatusCode.NotFound, anotherPartner.StatusCode);
    }

    private sealed record AgreementSummary(Guid Id, string PartnerId, string TenantId, string Status);

    private static async Task RegisterAsync(HttpClient root, string id, string kind)
    {
        using var response = await root.PostAsJsonAsync("/api/identity/organisations", new { id, name = id, kind, country = "NO" });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    private async Task<string> SignInChoosingPasswordAsync(string email, StaffInvitation invitation)
    {
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = new() }) { BaseAddress = platform.Gateway.BaseAddress };
        return await SignIn.CivilServantChangingPasswordAsync(browser, platform.Issuer, email, invitation.InitialPassword!, $"{email}'s own password");
    }
}
