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
    public static async Task SignInAsCivilServantAsync(IPage page, string email)
    {
        await page.GotoAsync("/console");
        await page.FillAsync("#civil-servant input[name=email]", email);
        await page.FillAsync("#civil-servant input[name=password]", DemoPassword);
        await page.ClickAsync("#civil-servant button[type=submit]");
        await page.WaitForSelectorAsync("#signed-in-as");
    }
}
