using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class CitizenJourneyTests(PortalFixture portals, ITestOutputHelper output)
{
    [Fact]
    public async Task A_citizen_corrects_the_field_the_browser_flags_sends_the_form_and_finds_the_case_and_the_notice()
    {
        output.WriteLine($"Screenshots: {portals.Screenshots}");
        var page = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(page, "citizen-kari");
        Assert.Equal("Kari Nordmann", await page.InnerTextAsync("#signed-in-as"));
        await portals.ScreenshotAsync(page, "01-portal-municipalities");

        await page.ClickAsync("#municipalities >> text=Fjordby");
        await portals.ScreenshotAsync(page, "02-portal-services");
        await page.ClickAsync("#services >> text=Report a broken street light");

        await page.FillAsync("#f-location-latitude", "59.91");
        await page.FillAsync("#f-location-longitude", "10.75");
        await page.FillAsync("#f-description", "Dark since Monday, by the bus stop");
        await page.FillAsync("#f-poleNumber", "fb-12");
        var formAddress = page.Url;
        await page.ClickAsync("#send");

        // The browser refused to send: the schema's pattern, shown next to the field and tied to it.
        var poleError = page.Locator("#f-poleNumber-error");
        await Assertions.Expect(poleError).Not.ToBeEmptyAsync();
        Assert.Equal(formAddress, page.Url);
        Assert.Equal("true", await page.GetAttributeAsync("#f-poleNumber", "aria-invalid"));
        Assert.Contains("f-poleNumber-error", await page.GetAttributeAsync("#f-poleNumber", "aria-describedby"));
        await portals.ScreenshotAsync(page, "03-portal-form-inline-error");

        await page.FillAsync("#f-poleNumber", "FB-1234");
        await Assertions.Expect(poleError).ToBeEmptyAsync();
        await page.ClickAsync("#send");
        await Assertions.Expect(page.Locator("#receipt")).ToContainTextAsync("Report a broken street light");
        await portals.ScreenshotAsync(page, "04-portal-receipt");

        await page.GotoAsync("/cases");
        var row = page.Locator("#cases tbody tr", new() { HasText = "Report a broken street light" });
        await Eventually.Until(async () =>
        {
            await page.ReloadAsync();
            return await row.CountAsync();
        }, count => count == 1, "the case opened by the submission to be listed under My cases");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Received");
        await portals.ScreenshotAsync(page, "05-portal-my-cases");

        await page.GotoAsync("/inbox");
        await Eventually.Until(async () =>
        {
            await page.ReloadAsync();
            return await page.Locator("#inbox li").CountAsync();
        }, count => count > 0, "the case-opened notice in the inbox");
        await portals.ScreenshotAsync(page, "06-portal-inbox");
    }
}
