using Microsoft.Playwright;

namespace Platform.Web.Tests;

[Collection(PortalCollection.Name)]
public sealed class SignInTests(PortalFixture portals)
{
    [Fact]
    public async Task Each_side_is_for_its_own_people_and_says_where_the_others_belong()
    {
        var caseworker = await portals.NewPersonAsync();
        await caseworker.GotoAsync("/");
        await caseworker.ClickAsync("#sign-in");
        await caseworker.FillAsync("#civil-servant input[name=email]", "ingrid@fjordby.no");
        await caseworker.FillAsync("#civil-servant input[name=password]", People.DemoPassword);
        await caseworker.ClickAsync("#civil-servant button[type=submit]");
        await Assertions.Expect(caseworker.Locator("main")).ToContainTextAsync("The citizen portal is for citizens signed in with eID.");
        await caseworker.GotoAsync("/cases");
        await Assertions.Expect(caseworker.Locator("main")).ToContainTextAsync("The citizen portal is for citizens signed in with eID.");

        var citizen = await portals.NewPersonAsync();
        await citizen.GotoAsync("/console");
        await citizen.ClickAsync("#eid-test");
        await citizen.ClickAsync("#citizen-citizen-ola button");
        await Assertions.Expect(citizen.Locator("main")).ToContainTextAsync("The console is for municipal staff.");
        Assert.DoesNotContain("queue", await citizen.InnerTextAsync("main"), StringComparison.OrdinalIgnoreCase);
    }
}
