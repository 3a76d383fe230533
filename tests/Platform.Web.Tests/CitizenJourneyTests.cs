using Microsoft.Playwright;
using Xunit.Abstractions;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class CitizenJourneyTests(PortalFixture portals, ITestOutputHelper output)
{
    [Fact]
    public async Task A_citizen_sends_a_corrected_form_a_caseworker_takes_and_decides_the_case_and_the_citizen_reads_the_decision_and_the_notice()
    {
        output.WriteLine($"Screenshots: {portals.Screenshots}");
        var citizen = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(citizen, "citizen-kari");
        Assert.Equal("Kari Nordmann", await citizen.InnerTextAsync("#signed-in-as"));
        await portals.ScreenshotAsync(citizen, "01-portal-municipalities");

        await citizen.ClickAsync("#municipalities >> text=Fjordby");
        await portals.ScreenshotAsync(citizen, "02-portal-services");
        await citizen.ClickAsync("#services >> text=Report a broken street light");

        await citizen.FillAsync("#f-location-latitude", "59.91");
        await citizen.FillAsync("#f-location-longitude", "10.75");
        await citizen.FillAsync("#f-description", "Dark since Monday, by the bus stop");
        await citizen.FillAsync("#f-poleNumber", "fb-12");
        var formAddress = citizen.Url;
        await citizen.ClickAsync("#send");

        // The browser refused to send: the schema's pattern, shown next to the field and tied to it.
        var poleError = citizen.Locator("#f-poleNumber-error");
        await Assertions.Expect(poleError).Not.ToBeEmptyAsync();
        Assert.Equal(formAddress, citizen.Url);
        Assert.Equal("true", await citizen.GetAttributeAsync("#f-poleNumber", "aria-invalid"));
        Assert.Contains("f-poleNumber-error", await citizen.GetAttributeAsync("#f-poleNumber", "aria-describedby"));
        await portals.ScreenshotAsync(citizen, "03-portal-form-inline-error");

        await citizen.FillAsync("#f-poleNumber", "FB-1234");
        await Assertions.Expect(poleError).ToBeEmptyAsync();
        await citizen.ClickAsync("#send");
        await Assertions.Expect(citizen.Locator("#receipt")).ToContainTextAsync("Report a broken street light");
        await portals.ScreenshotAsync(citizen, "04-portal-receipt");

        await citizen.GotoAsync("/cases");
        var row = citizen.Locator("#cases tbody tr", new() { HasText = "Report a broken street light" });
        await Eventually.Until(async () =>
        {
            await citizen.ReloadAsync();
            return await row.CountAsync();
        }, count => count == 1, "the case opened by the submission to be listed under My cases");
        await Assertions.Expect(row.Locator(".status")).ToHaveTextAsync("Received");
        var caseNumber = await row.Locator("a").InnerTextAsync();
        await portals.ScreenshotAsync(citizen, "05-portal-my-cases");

        var caseworker = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(caseworker, "ingrid@fjordby.no");
        await caseworker.SelectOptionAsync("#assignee-filter", "none");
        await caseworker.ClickAsync("#filters button[type=submit]");
        await portals.ScreenshotAsync(caseworker, "20-console-queue");
        await caseworker.ClickAsync($"#queue a:text-is('{caseNumber}')");
        await caseworker.ClickAsync("#take");
        await Assertions.Expect(caseworker.Locator("#assignee")).ToHaveTextAsync("You");
        await caseworker.ClickAsync("#review");
        await Assertions.Expect(caseworker.Locator("#case-status")).ToHaveTextAsync("Under review");
        await caseworker.CheckAsync("#decide input[value=Approved]");
        await caseworker.FillAsync("#decision-reason", "An electrician replaced the lamp on pole FB-1234.");
        await caseworker.ClickAsync("#decide button[type=submit]");
        await Assertions.Expect(caseworker.Locator("#case-status")).ToHaveTextAsync("Decided");
        await Assertions.Expect(caseworker.Locator("#audit tbody")).ToContainTextAsync("Decide");
        await portals.ScreenshotAsync(caseworker, "21-console-case-decided");

        await citizen.ClickAsync($"#cases a:text-is('{caseNumber}')");
        await Assertions.Expect(citizen.Locator("#outcome")).ToHaveTextAsync("Approved");
        await Assertions.Expect(citizen.Locator("#decision-reason")).ToHaveTextAsync("An electrician replaced the lamp on pole FB-1234.");
        await portals.ScreenshotAsync(citizen, "06-portal-case-decision");

        await citizen.GotoAsync("/inbox");
        // The notice is in the citizen's language (Fjordby's is Norwegian unless they chose otherwise); the decision's reason is quoted in any.
        var decisionNotice = citizen.Locator("#inbox li[data-kind='case-status-changed']", new() { HasText = "An electrician replaced the lamp on pole FB-1234." });
        await Eventually.Until(async () =>
        {
            await citizen.ReloadAsync();
            return await decisionNotice.CountAsync();
        }, count => count == 1, "the notice of the decision in the citizen's inbox");
        await portals.ScreenshotAsync(citizen, "07-portal-inbox");
    }
}
