using System.Net;
using System.Net.Http.Json;
using Platform.Cases.Cases;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Tests;

/// <summary>Who reads which cases: the municipality's caseworkers all of them, a citizen their own, a partner those it submitted.</summary>
public sealed class ReadingCasesTests : IAsyncLifetime
{
    private readonly TestIdentityProvider _tokens = new();
    private readonly InMemoryBusHost<CasesDb> _cases;
    private readonly List<HttpClient> _clients = [];

    public ReadingCasesTests() => _cases = new(_tokens.Settings, mediator: m => m.AddConsumer<OpenCaseOnFormSubmitted>());

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        _clients.ForEach(c => c.Dispose());
        await _cases.DisposeAsync();
        _tokens.Dispose();
    }

    [Fact]
    public async Task Without_a_token_cases_are_a_401_problem() =>
        await Problems.ExpectAsync(await _cases.Http.GetAsync("/tenants/fjordby/cases"), HttpStatusCode.Unauthorized, "access token is required");

    [Fact]
    public async Task A_token_for_another_api_is_a_401_problem()
    {
        var elsewhere = As(_tokens.Issue(
            new Dictionary<string, object> { [PlatformClaims.Subject] = "servant", [PlatformClaims.Party] = Parties.CivilServant, [PlatformClaims.Tenant] = "fjordby",
                [PlatformClaims.Role] = Roles.Caseworker }, audiences: ["elsewhere"]));

        await Problems.ExpectAsync(await elsewhere.GetAsync("/tenants/fjordby/cases"), HttpStatusCode.Unauthorized, "wrong audience");
    }

    [Fact]
    public async Task A_civil_servant_who_is_not_a_caseworker_reads_no_cases() =>
        await Problems.ExpectAsync(await As(_tokens.CivilServant("fjordby", Roles.FormDesigner)).GetAsync("/tenants/fjordby/cases"),
            HttpStatusCode.Forbidden, "party, role or scope");

    [Fact]
    public async Task A_partner_without_cases_read_reads_no_cases()
    {
        var partner = As(_tokens.Issue(new Dictionary<string, object>
        {
            [PlatformClaims.Subject] = "nordbank-client", [PlatformClaims.Party] = Parties.Partner, [PlatformClaims.Organisation] = "nordbank",
            [PlatformClaims.Scope] = Scopes.FormsSubmit,
        }, audiences: [Audiences.Cases]));

        await Problems.ExpectAsync(await partner.GetAsync("/tenants/fjordby/cases"), HttpStatusCode.Forbidden, "party, role or scope");
    }

    [Fact]
    public async Task A_citizen_reads_their_own_cases_and_someone_elses_is_not_there()
    {
        var mine = await OpenAsync(Submitted.StreetLight("fjordby", citizenId: "kari"));
        var theirs = await OpenAsync(Submitted.StreetLight("fjordby", citizenId: "ola"));
        var kari = As(_tokens.Citizen("kari"));

        Assert.Equal([mine.Id], (await kari.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases"))!.Select(c => c.Id));
        Assert.Empty((await kari.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases?citizenId=ola"))!);
        Assert.Equal(mine, await kari.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{mine.Id}"));
        await Problems.ExpectAsync(await kari.GetAsync($"/tenants/fjordby/cases/{theirs.Id}"), HttpStatusCode.NotFound, theirs.Id.ToString());
    }

    [Fact]
    public async Task A_partner_with_cases_read_follows_only_the_cases_it_submitted()
    {
        var viaNordbank = await OpenAsync(Submitted.StreetLight("fjordby", citizenId: "kari", via: "nordbank"));
        var byKari = await OpenAsync(Submitted.StreetLight("fjordby", citizenId: "kari"));
        var viaOtherbank = await OpenAsync(Submitted.StreetLight("fjordby", citizenId: "kari", via: "otherbank"));
        var nordbank = As(_tokens.Partner("nordbank", Scopes.CasesRead));

        Assert.Equal([viaNordbank.Id], (await nordbank.GetFromJsonAsync<List<CaseView>>("/tenants/fjordby/cases?citizenId=kari"))!.Select(c => c.Id));
        Assert.Equal(viaNordbank, await nordbank.GetFromJsonAsync<CaseView>($"/tenants/fjordby/cases/{viaNordbank.Id}"));
        await Problems.ExpectAsync(await nordbank.GetAsync($"/tenants/fjordby/cases/{byKari.Id}"), HttpStatusCode.NotFound, byKari.Id.ToString());
        await Problems.ExpectAsync(await nordbank.GetAsync($"/tenants/fjordby/cases/{viaOtherbank.Id}"), HttpStatusCode.NotFound, viaOtherbank.Id.ToString());
    }

    /// <summary>Publishes the submission and waits, as the municipality's caseworker, for its case.</summary>
    private async Task<CaseView> OpenAsync(FormSubmitted submitted)
    {
        await _cases.Bus.Bus.Publish(submitted);
        var caseworker = As(_tokens.CivilServant(submitted.TenantId, Roles.Caseworker));
        var cases = await Eventually.Until(
            async () => (await caseworker.GetFromJsonAsync<List<CaseView>>($"/tenants/{submitted.TenantId}/cases?submissionId={submitted.SubmissionId}"))!,
            cases => cases.Count == 1,
            $"a case for submission {submitted.SubmissionId}");
        return cases[0];
    }

    private HttpClient As(string token)
    {
        var client = _cases.Host.CreateClient().WithToken(token);
        _clients.Add(client);
        return client;
    }
}
