using Microsoft.Playwright;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class InformationRequestTests(PortalFixture portals)
{
    [Fact]
    public async Task A_caseworker_asks_the_citizen_answers_with_corrected_answers_and_they_write_to_each_other()
    {
        var citizen = await portals.NewPersonAsync();
        await People.SignInAsCitizenAsync(citizen, "citizen-anna");
        await citizen.GotoAsync("/municipalities/skogsberg/services/bulky-waste");
        await citizen.FillAsync("#f-address", "Storgatan 7");
        await citizen.SelectOptionAsync("#f-items-0-kind", "mattress");
        await citizen.FillAsync("#f-items-0-count", "1");
        // A repeated group grows a row at a time, without script: the page comes back with one more, answers kept.
        await citizen.ClickAsync("button[name=_add][value='/items']");
        Assert.Equal("1", await citizen.InputValueAsync("#f-items-0-count"));
        await citizen.SelectOptionAsync("#f-items-1-kind", "furniture");
        await citizen.FillAsync("#f-items-1-count", "2");
        await citizen.FillAsync("#f-preferredDate", DateTime.UtcNow.AddDays(14).ToString("yyyy-MM-dd"));
        await citizen.ClickAsync("#send");
        await Assertions.Expect(citizen.Locator("#receipt")).ToBeVisibleAsync();

        await citizen.GotoAsync("/cases");
        var row = citizen.Locator("#cases tbody tr", new() { HasText = "Book a bulky waste pickup" });
        await Eventually.Until(async () =>
        {
            await citizen.ReloadAsync();
            return await row.CountAsync();
        }, count => count == 1, "the bulky waste case under My cases");
        var caseNumber = await row.Locator("a").InnerTextAsync();

        var caseworker = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(caseworker, "lars@skogsberg.se");
        await caseworker.ClickAsync($"#queue a:text-is('{caseNumber}')");
        await caseworker.ClickAsync("#review");
        await caseworker.FillAsync("#question", "How many pieces of furniture exactly?");
        await caseworker.ClickAsync("#ask button[type=submit]");
        await Assertions.Expect(caseworker.Locator("#case-status")).ToHaveTextAsync("Waiting for you");

        await citizen.ClickAsync($"#cases a:text-is('{caseNumber}')");
        await Assertions.Expect(citizen.Locator("#question")).ToHaveTextAsync("How many pieces of furniture exactly?");
        await citizen.FillAsync("#answer-text", "Three: I forgot a chair.");
        await citizen.ClickAsync("#information-request summary");
        await citizen.CheckAsync("#correct-answers");
        Assert.Equal("2", await citizen.InputValueAsync("#f-items-1-count"));
        await citizen.FillAsync("#f-items-1-count", "3");
        await portals.ScreenshotAsync(citizen, "14-portal-information-request");
        // Sent from the keyboard, as someone without a mouse would.
        await citizen.FocusAsync("#send-answer");
        await citizen.Keyboard.PressAsync("Enter");
        await Assertions.Expect(citizen.Locator("#case-status")).ToHaveTextAsync("Under review");

        await caseworker.ReloadAsync();
        await Assertions.Expect(caseworker.Locator("#information-requests")).ToContainTextAsync("Three: I forgot a chair.");
        await Assertions.Expect(caseworker.Locator("#answers dt:text-is('items/1/count') + dd")).ToHaveTextAsync("3");
        await caseworker.FillAsync("#message-text", "We come on Tuesday morning.");
        await caseworker.ClickAsync("#message button[type=submit]");

        await citizen.ReloadAsync();
        await Assertions.Expect(citizen.Locator("#messages")).ToContainTextAsync("We come on Tuesday morning.");
        await citizen.FillAsync("#message-text", "Thank you, I will be home.");
        await citizen.ClickAsync("#message button[type=submit]");
        await Assertions.Expect(citizen.Locator("#messages li")).ToHaveCountAsync(2);
        await portals.ScreenshotAsync(citizen, "15-portal-case-thread");

        await caseworker.ReloadAsync();
        await Assertions.Expect(caseworker.Locator("#messages")).ToContainTextAsync("Thank you, I will be home.");
        await portals.ScreenshotAsync(caseworker, "23-console-case-thread");
    }
}
