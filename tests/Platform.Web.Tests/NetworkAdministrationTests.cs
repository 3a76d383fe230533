using System.Text.RegularExpressions;
using Microsoft.Playwright;

namespace Platform.Web.Tests;

/// <summary>The platform admin and a tenant admin grow the network in the console, each step as the person would take it.</summary>
[Collection(PortalCollection.Name)]
public sealed partial class NetworkAdministrationTests(PortalFixture portals)
{
    [Fact]
    public async Task A_municipality_registered_in_the_console_gets_a_tenant_admin_who_chooses_a_password_invites_a_caseworker_and_gives_and_takes_roles()
    {
        var root = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(root, "root@platform.example");
        await root.WaitForURLAsync("**/console/network");
        await RegisterAsync(root, "elvdal", "Elvdal kommune", "Municipality");
        await root.FillAsync("#admin-email-elvdal", "it@elvdal.no");
        await root.FillAsync("#admin-name-elvdal", "Elvdal IT");
        await root.ClickAsync("#municipality-elvdal button[type=submit]");
        var adminPassword = InitialPassword(await root.Locator("#shown-once").InnerTextAsync());
        await portals.ScreenshotAsync(root, "40-console-network");

        var admin = await portals.NewPersonAsync();
        await People.SignInChoosingOwnPasswordAsync(admin, "it@elvdal.no", adminPassword, "elvdal-it's-own-password");
        await admin.GotoAsync("/console/staff");
        await admin.FillAsync("#invite-email", "siri@elvdal.no");
        await admin.FillAsync("#invite-name", "Siri Dal");
        await admin.CheckAsync("#invite input[value=caseworker]");
        await admin.ClickAsync("#invite button[type=submit]");
        var siriPassword = InitialPassword(await admin.Locator("#shown-once").InnerTextAsync());

        var siri = await portals.NewPersonAsync();
        await People.SignInChoosingOwnPasswordAsync(siri, "siri@elvdal.no", siriPassword, "siri's-own-password");
        await Assertions.Expect(siri.Locator("#filters")).ToBeVisibleAsync();

        var row = admin.Locator("#staff tr[data-email='siri@elvdal.no']");
        await row.Locator("input[value=form-designer]").CheckAsync();
        await row.Locator("input[value=caseworker]").UncheckAsync();
        await row.Locator("form.roles button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("#done")).ToHaveTextAsync("siri@elvdal.no's roles are saved; they hold from their next sign-in.");
        await Assertions.Expect(admin.Locator("#staff tr[data-email='siri@elvdal.no'] input[value=form-designer]")).ToBeCheckedAsync();
        await Assertions.Expect(admin.Locator("#staff tr[data-email='siri@elvdal.no'] input[value=caseworker]")).Not.ToBeCheckedAsync();
        await portals.ScreenshotAsync(admin, "41-console-staff");

        // Next sign-in, Siri designs forms and no longer handles cases.
        var siriAgain = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(siriAgain, "siri@elvdal.no", "siri's-own-password");
        await Assertions.Expect(siriAgain.Locator("main")).ToContainTextAsync("Forms");
        await Assertions.Expect(siriAgain.Locator("#filters")).ToHaveCountAsync(0);

        var lastAdmin = admin.Locator("#staff tr[data-email='it@elvdal.no']");
        await lastAdmin.Locator("input[value=tenant-admin]").UncheckAsync();
        await lastAdmin.Locator("input[value=caseworker]").CheckAsync();
        await lastAdmin.Locator("form.roles button[type=submit]").ClickAsync();
        await Assertions.Expect(admin.Locator("#failure")).ToContainTextAsync("elvdal's only tenant admin");
    }

    [Fact]
    public async Task A_partners_client_secret_is_shown_once_in_the_console_works_and_stops_working_when_rotated_and_revoked()
    {
        var root = await portals.NewPersonAsync();
        await People.SignInAsCivilServantAsync(root, "root@platform.example");
        await RegisterAsync(root, "fjellbank", "Fjellbank ASA", "Partner");
        await root.CheckAsync("#partner-fjellbank input[value='forms.submit']");
        await root.ClickAsync("#partner-fjellbank button[type=submit]");
        var secret = Secret(await root.Locator("#shown-once").InnerTextAsync());
        await Assertions.Expect(root.Locator("#partner-fjellbank .client")).ToContainTextAsync("fjellbank-client");
        await TokenAsync(secret);

        await root.GotoAsync("/console/network");
        Assert.DoesNotContain(secret, await root.ContentAsync());

        await root.ClickAsync("#partner-fjellbank button:has-text('New secret')");
        var rotated = Secret(await root.Locator("#shown-once").InnerTextAsync());
        await Assert.ThrowsAsync<InvalidOperationException>(() => TokenAsync(secret));
        await TokenAsync(rotated);

        await root.ClickAsync("#partner-fjellbank button:has-text('Revoke')");
        await Assertions.Expect(root.Locator("#done")).ToHaveTextAsync("The client fjellbank-client is revoked; it gets no new tokens.");
        await Assertions.Expect(root.Locator("#partner-fjellbank")).ToContainTextAsync("No client yet.");
        await Assert.ThrowsAsync<InvalidOperationException>(() => TokenAsync(rotated));
    }

    private static async Task RegisterAsync(IPage root, string id, string name, string kind)
    {
        await root.GotoAsync("/console/network");
        await root.FillAsync("#org-id", id);
        await root.FillAsync("#org-name", name);
        await root.SelectOptionAsync("#org-kind", kind);
        await root.FillAsync("#org-country", "NO");
        await root.ClickAsync("#register button[type=submit]");
        await Assertions.Expect(root.Locator("#done")).ToHaveTextAsync($"{name} is registered.");
    }

    private async Task TokenAsync(string secret)
    {
        using var http = new HttpClient();
        await Platform.Testing.SignIn.ClientCredentialsAsync(http, portals.Platform.Issuer, "fjellbank-client", secret, "forms.submit");
    }

    private static string InitialPassword(string shown) => InitialPasswordShown().Match(shown) is { Success: true } match ? match.Groups[1].Value
        : throw new InvalidOperationException($"No initial password in '{shown}'.");

    private static string Secret(string shown) => SecretShown().Match(shown) is { Success: true } match ? match.Groups[1].Value
        : throw new InvalidOperationException($"No client secret in '{shown}'.");

    [GeneratedRegex("shown only now: ([A-Za-z0-9_-]+)\\.")]
    private static partial Regex InitialPasswordShown();

    [GeneratedRegex("shown only now: ([A-Za-z0-9_-]+)$")]
    private static partial Regex SecretShown();
}
