using System.Net;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Tests;

/// <summary>The inbox is the signed-in citizen's own, and no one else's to read.</summary>
public sealed class InboxAccessTests : IAsyncLifetime
{
    private readonly NotificationsUnderTest _notifications = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _notifications.DisposeAsync();

    [Fact]
    public async Task Without_a_token_the_inbox_is_a_401_problem() =>
        await Problems.ExpectAsync(await _notifications.Service.Http.GetAsync("/citizens/me/inbox"), HttpStatusCode.Unauthorized, "access token is required");

    [Fact]
    public async Task A_citizens_token_for_another_api_is_a_401_problem() =>
        await Problems.ExpectAsync(await GetInboxWithAsync(_notifications.Tokens.Issue(
                new Dictionary<string, object> { [PlatformClaims.Subject] = "kari", [PlatformClaims.Party] = Parties.Citizen }, audiences: ["elsewhere"])),
            HttpStatusCode.Unauthorized, "wrong audience");

    [Fact]
    public async Task A_civil_servant_has_no_citizens_inbox() =>
        await Problems.ExpectAsync(await GetInboxWithAsync(_notifications.Tokens.CivilServant("fjordby")), HttpStatusCode.Forbidden, "party, role or scope");

    [Fact]
    public async Task A_partner_cannot_read_a_citizens_inbox() =>
        await Problems.ExpectAsync(await GetInboxWithAsync(_notifications.Tokens.Issue(new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = "nordbank-client", [PlatformClaims.Party] = Parties.Partner, [PlatformClaims.Organisation] = "nordbank",
        }, audiences: [Audiences.Notifications])), HttpStatusCode.Forbidden, "party, role or scope");

    private async Task<HttpResponseMessage> GetInboxWithAsync(string token) =>
        await _notifications.Client(token).GetAsync("/citizens/me/inbox");
}
