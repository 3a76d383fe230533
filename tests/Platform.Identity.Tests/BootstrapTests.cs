using System.Net;
using System.Net.Http.Json;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Tests;

/// <summary>A real network's first start, from the secrets an operator puts into the cluster (k8s/README.md).</summary>
public sealed class BootstrapTests
{
    private static readonly string FormsSecret = "forms-" + new string('f', 40);
    private const string AdminEmail = "operator@platform.example.org";
    private const string InitialPassword = "initial-from-the-secret";

    [Fact]
    public async Task A_service_client_registered_from_its_secret_gets_tokens_its_apis_accept()
    {
        await using var identity = Production(new() { ["Identity:ServiceClients:forms:Secret"] = FormsSecret });

        var token = await identity.ClientTokenAsync("forms-service", FormsSecret, "organisations.read consents.read");

        Assert.Equal(Parties.Service, Tokens.Read(token).One(PlatformClaims.Party));
        using var registry = await identity.Anonymous().WithToken(token).GetAsync("/organisations");
        Assert.Equal(HttpStatusCode.OK, registry.StatusCode);
    }

    [Fact]
    public async Task Changing_a_service_secret_and_restarting_identity_rotates_it()
    {
        var directory = Directory.CreateTempSubdirectory("platform-identity-rotation-").FullName;
        var newSecret = "rotated-" + new string('r', 40);
        try
        {
            await using (var before = Production(new() { ["Database:Directory"] = directory, ["Identity:ServiceClients:forms:Secret"] = FormsSecret }))
            {
                await before.ClientTokenAsync("forms-service", FormsSecret, "organisations.read");
            }

            await using var after = Production(new() { ["Database:Directory"] = directory, ["Identity:ServiceClients:forms:Secret"] = newSecret });

            var old = await Assert.ThrowsAsync<InvalidOperationException>(() => after.ClientTokenAsync("forms-service", FormsSecret, "organisations.read"));
            Assert.Contains("invalid_client", old.Message);
            Assert.Equal(Parties.Service, Tokens.Read(await after.ClientTokenAsync("forms-service", newSecret, "organisations.read")).One(PlatformClaims.Party));
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task The_bootstrap_administrator_must_choose_a_password_before_any_token_and_then_runs_the_network()
    {
        await using var identity = Production(new() { ["Identity:Bootstrap:AdminEmail"] = AdminEmail, ["Identity:Bootstrap:AdminPassword"] = InitialPassword });

        var withoutChange = await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Platform.Testing.SignIn.CivilServantAsync(identity.Browser(), IdentityHost.Issuer, AdminEmail, InitialPassword, IdentityHost.Console));
        Assert.Contains("/account/change-password", withoutChange.Message);

        var token = await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(
            identity.Browser(), IdentityHost.Issuer, AdminEmail, InitialPassword, "the-operator's-own-password", IdentityHost.Console);

        Assert.Equal([Roles.PlatformAdmin], Tokens.Read(token).All(PlatformClaims.Role));
        using var registered = await identity.Anonymous().WithToken(token).PostAsJsonAsync("/organisations",
            new { id = "elvdal", name = "Elvdal kommune", kind = "Municipality", country = "NO" });
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        // The chosen password holds from now on; the initial one no longer does.
        await Platform.Testing.SignIn.CivilServantAsync(identity.Browser(), IdentityHost.Issuer, AdminEmail, "the-operator's-own-password", IdentityHost.Console);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            Platform.Testing.SignIn.CivilServantAsync(identity.Browser(), IdentityHost.Issuer, AdminEmail, InitialPassword, IdentityHost.Console));
    }

    [Fact]
    public async Task The_change_password_page_refuses_a_short_password_the_given_one_and_a_mismatch_and_changes_nothing()
    {
        await using var identity = Production(new() { ["Identity:Bootstrap:AdminEmail"] = AdminEmail, ["Identity:Bootstrap:AdminPassword"] = InitialPassword });

        foreach (var (current, chosen, confirmed, message) in new[]
        {
            (InitialPassword, "short", "short", "Choose a password of at least 12 characters."),
            (InitialPassword, InitialPassword, InitialPassword, "Choose a password other than the one you were given."),
            (InitialPassword, "a-good-new-password", "a-different-password", "This is not the same as the new password."),
        })
        {
            var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Platform.Testing.SignIn.CivilServantChangingPasswordAsync(
                identity.Browser(), IdentityHost.Issuer, AdminEmail, current, chosen, IdentityHost.Console, confirmed));
            Assert.Contains("400", refused.Message);
            Assert.Contains(message, refused.Message);
        }

        await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(identity.Browser(), IdentityHost.Issuer, AdminEmail, InitialPassword, "a-good-new-password", IdentityHost.Console);
    }

    [Fact]
    public async Task The_bootstrap_makes_an_administrator_only_while_there_is_none()
    {
        var directory = Directory.CreateTempSubdirectory("platform-identity-bootstrap-").FullName;
        try
        {
            await using (var first = Production(new() { ["Database:Directory"] = directory, ["Identity:Bootstrap:AdminEmail"] = AdminEmail, ["Identity:Bootstrap:AdminPassword"] = InitialPassword }))
            {
                await Platform.Testing.SignIn.CivilServantChangingPasswordAsync(first.Browser(), IdentityHost.Issuer, AdminEmail, InitialPassword, "the-operator's-own-password", IdentityHost.Console);
            }

            await using var second = Production(new()
            {
                ["Database:Directory"] = directory,
                ["Identity:Bootstrap:AdminEmail"] = "someone-else@platform.example.org",
                ["Identity:Bootstrap:AdminPassword"] = InitialPassword,
            });

            await Assert.ThrowsAsync<InvalidOperationException>(() => Platform.Testing.SignIn.CivilServantAsync(
                second.Browser(), IdentityHost.Issuer, "someone-else@platform.example.org", InitialPassword, IdentityHost.Console));
            await Platform.Testing.SignIn.CivilServantAsync(second.Browser(), IdentityHost.Issuer, AdminEmail, "the-operator's-own-password", IdentityHost.Console);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    private static IdentityHost Production(Dictionary<string, string?> settings) => new(settings, environment: "Production");
}
