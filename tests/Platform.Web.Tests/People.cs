using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>How people sign in, as they would in the browser: through the identity service's own pages.</summary>
public static class People
{
    public const string DemoPassword = "demo-password";

    /// <summary>A citizen at the portal's front page picks the test eID and one of its test people.</summary>
    public static async Task SignInAsCitizenAsync(IPage page, string citizenId)
    {
        await page.GotoAsync("/");
        await page.ClickAsync("#sign-in");
        await page.ClickAsync("#eid-test");
        await page.ClickAsync($"#citizen-{citizenId} button");
        await page.WaitForSelectorAsync("#signed-in-as");
    }

    /// <summary>A civil servant opens the console and signs in with e-mail and password.</summary>
    public static async Task SignInAsCivilServantAsync(IPage page, string email, string password = DemoPassword)
    {
        await page.GotoAsync("/console");
        await page.FillAsync("#civil-servant input[name=email]", email);
        await page.FillAsync("#civil-servant input[name=password]", password);
        await page.ClickAsync("#civil-servant button[type=submit]");
        await page.WaitForSelectorAsync("#signed-in-as");
    }

    /// <summary>
    /// Someone invited with an initial password opens the console, signs in with it, is asked to choose their own
    /// before anything else, and does.
    /// </summary>
    public static async Task SignInChoosingOwnPasswordAsync(IPage page, string email, string initialPassword, string ownPassword)
    {
        await page.GotoAsync("/console");
        await page.FillAsync("#civil-servant input[name=email]", email);
        await page.FillAsync("#civil-servant input[name=password]", initialPassword);
        await page.ClickAsync("#civil-servant button[type=submit]");
        await Assertions.Expect(page.Locator("h1")).ToHaveTextAsync("Choose your own password");
        await page.FillAsync("#change-password input[name=currentPassword]", initialPassword);
        await page.FillAsync("#change-password input[name=newPassword]", ownPassword);
        await page.FillAsync("#change-password input[name=confirmPassword]", ownPassword);
        await page.ClickAsync("#change-password button[type=submit]");
        await page.WaitForSelectorAsync("#signed-in-as");
    }
}
