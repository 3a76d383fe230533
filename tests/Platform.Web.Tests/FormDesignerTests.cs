using Microsoft.Playwright;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class FormDesignerTests(PortalFixture portals)
{
    private const string DogLicence = """
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["dogName", "born"],
          "properties": {
            "dogName": { "type": "string", "title": "Dog's name", "minLength": 1, "maxLength": 50 },
            "born": { "type": "string", "format": "date", "title": "Date of birth" },
            "chipped": { "type": "boolean", "title": "Microchipped" }
          }
        }
        """;

    [Fact]
    public async Task A_designer_drafts_previews_publishes_and_shares_a_form_citizens_rate_it_and_another_municipality_adopts_it()
    {
        var designer = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(designer, "dag@fjordby.no");
        await designer.GotoAsync("/console/forms");
        await designer.FillAsync("#new-title", "Dog licence");
        await designer.FillAsync("#new-key", "dog-licence");
        await designer.ClickAsync("#new-form button[type=submit]");
        await designer.WaitForURLAsync("**/console/forms/dog-licence");

        await designer.FillAsync("#title-nb", "Hundelisens");
        await designer.FillAsync("#schema", DogLicence);
        await designer.ClickAsync("#save");
        await Assertions.Expect(designer.Locator("#done")).ToHaveTextAsync("Draft saved.");
        await portals.ScreenshotAsync(designer, "10-console-form-draft");

        await designer.ClickAsync("#preview");
        await Assertions.Expect(designer.Locator("label[for='f-dogName']")).ToContainTextAsync("Dog's name");
        Assert.Equal("date", await designer.GetAttributeAsync("#f-born", "type"));
        await portals.ScreenshotAsync(designer, "11-console-form-preview");

        await designer.GotoAsync("/console/forms/dog-licence");
        await designer.ClickAsync("#publish");
        await Assertions.Expect(designer.Locator("#done")).ToHaveTextAsync("Published as version 1.");
        await designer.ClickAsync("#share");
        await Assertions.Expect(designer.Locator("#done")).ToHaveTextAsync("Shared in the catalogue.");

        var citizen = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(citizen, "citizen-kari");
        await citizen.GotoAsync("/municipalities/fjordby/services/dog-licence");
        await citizen.FillAsync("#f-dogName", "Fido");
        await citizen.FillAsync("#f-born", "2024-05-01");
        await citizen.CheckAsync("#f-chipped");
        await citizen.ClickAsync("#send");
        await citizen.CheckAsync("#rating input[value='4']");
        await citizen.FillAsync("#comment", "Quick and clear");
        await citizen.ClickAsync("#rating button[type=submit]");
        await Assertions.Expect(citizen.Locator("#done")).ToHaveTextAsync("Thank you for your rating.");

        await designer.ReloadAsync();
        await Assertions.Expect(designer.Locator("#feedback-summary")).ToHaveTextAsync("1 ratings, mean 4");
        await Assertions.Expect(designer.Locator("svg.chart rect[height]:not([height='0'])")).ToHaveCountAsync(1);
        await portals.ScreenshotAsync(designer, "12-console-form-feedback");

        var neighbour = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(neighbour, "admin@skogsberg.se");
        await neighbour.GotoAsync("/console/catalogue?Search=dog");
        await portals.ScreenshotAsync(neighbour, "13-console-catalogue");
        await neighbour.ClickAsync("#catalogue li:has-text('Dog licence') button[type=submit]");
        await neighbour.WaitForURLAsync("**/console/forms/dog-licence");
        Assert.Contains("dogName", await neighbour.InputValueAsync("#schema"));
    }
}
