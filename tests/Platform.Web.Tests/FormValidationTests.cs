using Microsoft.Playwright;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class FormValidationTests(PortalFixture portals)
{
    [Fact]
    public async Task What_the_forms_service_refuses_is_shown_at_its_field_and_nothing_is_submitted()
    {
        var page = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(page, "citizen-ola");
        await page.GotoAsync("/municipalities/fjordby/services/parking-permit");

        // Past the browser's checks (as an old browser without them would be), straight to the service.
        await page.EvalOnSelectorAsync("#service-form", "form => form.noValidate = true");
        await page.FillAsync("#f-registrationNumber", "not a plate");
        await page.FillAsync("#f-address", "Storgata 1");
        await page.SelectOptionAsync("#f-permitType", "resident");
        await page.ClickAsync("#send");

        await Assertions.Expect(page.Locator("#f-registrationNumber-error")).ToContainTextAsync("expected format");
        await Assertions.Expect(page.Locator("#f-startDate-error")).ToContainTextAsync("required");
        Assert.Equal("true", await page.GetAttributeAsync("#f-registrationNumber", "aria-invalid"));
        await Assertions.Expect(page.Locator("#error-summary a[href='#f-registrationNumber']")).ToBeVisibleAsync();
        // What was typed stays, so only the refused answers need retyping.
        Assert.Equal("Storgata 1", await page.InputValueAsync("#f-address"));
        await portals.ScreenshotAsync(page, "07-portal-form-service-errors");

        using var ola = portals.Platform.As(await portals.Platform.CitizenTokenAsync("citizen-ola"));
        Assert.Equal("[]", await ola.GetStringAsync("/api/forms/tenants/fjordby/submissions"));
    }

    [Fact]
    public async Task The_portal_speaks_Norwegian_when_asked_and_remembers_it()
    {
        var page = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(page, "citizen-anna");
        await page.ClickAsync("a[hreflang=nb]");

        Assert.Equal("nb", await page.GetAttributeAsync("html", "lang"));
        await Assertions.Expect(page.Locator("header nav a[href='/cases']")).ToHaveTextAsync("Mine saker");
        await page.GotoAsync("/municipalities/skogsberg/services/bulky-waste");
        await Assertions.Expect(page.Locator("label[for='f-address']")).ToContainTextAsync("må fylles ut");
        await portals.ScreenshotAsync(page, "08-portal-form-norwegian");
    }

    [Fact]
    public async Task A_citizen_gives_a_partner_consent_and_withdraws_it()
    {
        var page = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(page, "citizen-ola");
        await page.GotoAsync("/consents");
        await page.SelectOptionAsync("#partner", "nordbank");
        await page.SelectOptionAsync("#municipality", "fjordby");
        await page.FillAsync("#form-keys", "street-light");
        await page.FillAsync("#valid-until", DateTime.UtcNow.AddMonths(6).ToString("yyyy-MM-dd"));
        await page.ClickAsync("#grant button[type=submit]");

        var row = page.Locator("#consents tbody tr", new() { HasText = "street-light" });
        await Assertions.Expect(row).ToContainTextAsync("Active");
        await portals.ScreenshotAsync(page, "09-portal-consents");

        await row.Locator("button").ClickAsync();
        await Assertions.Expect(page.Locator("#consents tbody tr", new() { HasText = "street-light" })).ToContainTextAsync("Withdrawn");
    }
}
