using System.Net;
using System.Net.Http.Json;
using MassTransit.Testing;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Security;
using static Platform.Forms.Submissions.SubmitForm;

namespace Platform.Forms.Tests;

/// <summary>Who may submit for whom, and who reads which submissions.</summary>
public sealed class SubmitterTests : IAsyncLifetime
{
    private const string StreetLight = "/tenants/fjordby/forms/street-light/submissions";

    private static readonly object Answers = new { location = new { latitude = 59.91, longitude = 10.75 }, description = "The lamp is out." };

    private readonly FormsHost _forms = new();
    private readonly string _citizen = $"citizen-{Guid.NewGuid():N}";
    private HttpClient _nordbank = null!;

    public Task InitializeAsync()
    {
        _nordbank = _forms.As(_forms.Tokens.Partner("nordbank", Scopes.FormsSubmit));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task Without_a_token_nothing_is_submitted()
    {
        await AccessAssert.UnauthorizedAsync(
            await _forms.Anonymous.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers }), "access token is required");

        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_token_for_another_api_submits_nothing()
    {
        var elsewhere = _forms.As(_forms.Tokens.Issue(
            new Dictionary<string, object> { [PlatformClaims.Subject] = _citizen, [PlatformClaims.Party] = Parties.Citizen }, audiences: ["elsewhere"]));

        await AccessAssert.UnauthorizedAsync(await elsewhere.PostAsJsonAsync(StreetLight, new { data = Answers }), "wrong audience");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_citizen_cannot_submit_for_someone_else()
    {
        var citizen = _forms.As(_forms.Tokens.Citizen(_citizen));

        using var response = await citizen.PostAsJsonAsync(StreetLight, new { citizenId = "someone-else", data = Answers });

        await AssertForbiddenAsync(response, "someone-else");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_civil_servant_does_not_submit_forms()
    {
        var caseworker = _forms.As(_forms.Tokens.CivilServant("fjordby"));

        using var response = await caseworker.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        await AssertForbiddenAsync(response, "party, role or scope");
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_client_without_an_organisation_has_no_consent_to_act_under()
    {
        var service = _forms.As(_forms.Tokens.Service("some-service", Scopes.FormsSubmit));

        using var response = await service.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        await AssertForbiddenAsync(response, "names no organisation");
        Assert.Empty(_forms.Identity.LogEntries);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_partner_must_name_the_citizen_it_submits_for()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        using var response = await _nordbank.PostAsJsonAsync(StreetLight, new { data = Answers });

        var errors = await Problems.ValidationErrorsAsync(response);
        Assert.Equal(["/citizenId"], errors.Keys);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_partner_without_the_citizens_consent_is_refused_and_nothing_is_stored_or_queued()
    {
        // Consent for another form is not consent for this one.
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "parking-permit");

        using var response = await _nordbank.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        var problem = await AssertForbiddenAsync(response, "nordbank");
        Assert.Contains(_citizen, problem.Detail);
        Assert.Contains("street-light", problem.Detail);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_partner_with_the_citizens_consent_submits_for_them_and_the_event_says_through_whom()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");

        using var response = await _nordbank.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var receipt = (await response.Content.ReadFromJsonAsync<SubmissionReceipt>())!;
        var stored = Assert.Single(await _forms.StoredAsync());
        Assert.Equal((_citizen, "nordbank"), (stored.CitizenId, stored.SubmittedVia));

        var published = await Eventually.Until(
            () => Task.FromResult(_forms.Bus.Published.Select<FormSubmitted>(p => p.Context.Message.SubmissionId == receipt.SubmissionId).FirstOrDefault()),
            p => p is not null,
            "FormSubmitted to leave the outbox");
        Assert.Equal((_citizen, "nordbank"), (published!.Context.Message.CitizenId, published.Context.Message.SubmittedVia));

        // The forms service asked the register with its own token, about exactly this partner, citizen and form.
        var check = Assert.Single(_forms.Identity.LogEntries).RequestMessage;
        Assert.Equal("/tenants/fjordby/consents/check", check.Path);
        Assert.Equal(("nordbank", _citizen, "street-light"), (check.Query!["partnerId"].Single(), check.Query["citizenId"].Single(), check.Query["formKey"].Single()));
        Assert.StartsWith("Bearer ", check.Headers!["Authorization"].Single());
    }

    [Fact]
    public async Task A_revoked_consent_stops_the_very_next_submission()
    {
        var consent = _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        using (var first = await _nordbank.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers }))
        {
            Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        }

        _forms.RevokeConsent(consent);
        using var second = await _nordbank.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        await AssertForbiddenAsync(second, "no consent");
        Assert.Single(await _forms.StoredAsync());
    }

    [Fact]
    public async Task When_the_consent_register_cannot_be_reached_nothing_is_submitted()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        _forms.Identity.Stop();

        using var response = await _nordbank.PostAsJsonAsync(StreetLight, new { citizenId = _citizen, data = Answers });

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await AssertNothingStoredAsync();
    }

    [Fact]
    public async Task A_citizen_reads_only_their_own_submissions()
    {
        var (mine, theirs) = (_forms.As(_forms.Tokens.Citizen(_citizen)), _forms.As(_forms.Tokens.Citizen("neighbour")));
        var myReceipt = await SubmitAsync(mine, new { data = Answers });
        var theirReceipt = await SubmitAsync(theirs, new { data = Answers });

        Assert.Equal([myReceipt.SubmissionId], (await mine.GetFromJsonAsync<List<SubmissionReceipt>>("/tenants/fjordby/submissions"))!.Select(s => s.SubmissionId));
        // Asking for the neighbour's list still answers with one's own.
        Assert.Equal([myReceipt.SubmissionId],
            (await mine.GetFromJsonAsync<List<SubmissionReceipt>>("/tenants/fjordby/submissions?citizenId=neighbour"))!.Select(s => s.SubmissionId));
        await AccessAssert.NotFoundWithoutDataAsync(await mine.GetAsync($"/tenants/fjordby/submissions/{theirReceipt.SubmissionId}"));
    }

    [Fact]
    public async Task A_caseworker_reads_every_submission_of_their_municipality_and_a_partner_only_its_own()
    {
        _forms.GrantConsent("fjordby", "nordbank", _citizen, "street-light");
        var byCitizen = await SubmitAsync(_forms.As(_forms.Tokens.Citizen(_citizen)), new { data = Answers });
        var byPartner = await SubmitAsync(_nordbank, new { citizenId = _citizen, data = Answers });
        var caseworker = _forms.As(_forms.Tokens.CivilServant("fjordby", Roles.Caseworker));

        Assert.Equal([byCitizen.SubmissionId, byPartner.SubmissionId],
            (await caseworker.GetFromJsonAsync<List<SubmissionReceipt>>($"/tenants/fjordby/submissions?citizenId={_citizen}"))!.Select(s => s.SubmissionId));
        Assert.Equal([byPartner.SubmissionId],
            (await _nordbank.GetFromJsonAsync<List<SubmissionReceipt>>("/tenants/fjordby/submissions"))!.Select(s => s.SubmissionId));
        await AccessAssert.NotFoundWithoutDataAsync(await _nordbank.GetAsync($"/tenants/fjordby/submissions/{byCitizen.SubmissionId}"));
    }

    [Fact]
    public async Task Another_municipalitys_civil_servant_neither_lists_nor_reads_a_submission()
    {
        var receipt = await SubmitAsync(_forms.As(_forms.Tokens.Citizen(_citizen)), new { data = Answers });
        var skogsberg = _forms.As(_forms.Tokens.CivilServant("skogsberg"));

        await AccessAssert.NotFoundWithoutDataAsync(await skogsberg.GetAsync("/tenants/fjordby/submissions"));
        await AccessAssert.NotFoundWithoutDataAsync(await skogsberg.GetAsync($"/tenants/fjordby/submissions/{receipt.SubmissionId}"));
        Assert.Empty((await skogsberg.GetFromJsonAsync<List<SubmissionReceipt>>("/tenants/skogsberg/submissions"))!);
    }

    private static async Task<SubmissionReceipt> SubmitAsync(HttpClient client, object body)
    {
        using var response = await client.PostAsJsonAsync(StreetLight, body);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<SubmissionReceipt>())!;
    }

    private static async Task<ProblemDetails> AssertForbiddenAsync(HttpResponseMessage response, string detailMentions)
    {
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = (await response.Content.ReadFromJsonAsync<ProblemDetails>())!;
        Assert.Contains(detailMentions, problem.Detail, StringComparison.OrdinalIgnoreCase);
        return problem;
    }

    private async Task AssertNothingStoredAsync()
    {
        Assert.Empty(await _forms.StoredAsync());
        Assert.Empty(await _forms.QueuedAsync<FormSubmitted>());
    }
}
