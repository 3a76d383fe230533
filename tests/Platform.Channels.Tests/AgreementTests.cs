using System.Net;
using System.Net.Http.Json;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Tests;

public sealed class AgreementTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_partner_applies_and_the_municipalitys_admin_approves_less_than_was_asked()
    {
        using var applied = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
            new AgreementApplication("fjordby", ["street-light", "parking-permit"], ["case.opened", "case.decided"], ["meter-readings"], "Our app lets customers report faults."));
        Assert.Equal(HttpStatusCode.Created, applied.StatusCode);
        var pending = (await applied.Content.ReadFromJsonAsync<Agreement>())!;
        Assert.Equal(("Pending", "fjordby", "nordbank"), (pending.Status, pending.TenantId, pending.PartnerId));

        var waiting = (await _channels.FjordbyAdmin.GetFromJsonAsync<List<Agreement>>("/tenants/fjordby/agreements"))!;
        Assert.Equal([pending.Id], waiting.Select(a => a.Id));

        using var approved = await _channels.FjordbyAdmin.PostAsJsonAsync($"/tenants/fjordby/agreements/{pending.Id}/approval",
            new { formKeys = new[] { "street-light" }, eventTypes = new[] { "case.opened" }, dataSchemas = Array.Empty<string>() });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);

        var mine = Assert.Single((await _channels.Nordbank.GetFromJsonAsync<List<Agreement>>("/partners/nordbank/agreements"))!);
        Assert.Equal("Approved", mine.Status);
        Assert.Equal(["street-light"], mine.FormKeys);
        Assert.Equal(["case.opened"], mine.EventTypes);
        Assert.Empty(mine.DataSchemas);
        Assert.NotNull(mine.DecidedAt);
    }

    [Fact]
    public async Task Another_municipalitys_admin_neither_sees_nor_approves_the_application()
    {
        var pending = await ApplyAsync("fjordby");
        using var skogsberg = _channels.As(_channels.Tokens.CivilServant("skogsberg", Roles.TenantAdmin));

        Assert.Equal(HttpStatusCode.NotFound, (await skogsberg.GetAsync("/tenants/fjordby/agreements")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await skogsberg.PostAsJsonAsync($"/tenants/skogsberg/agreements/{pending.Id}/approval",
            new { formKeys = new[] { "street-light" } })).StatusCode);
        Assert.Equal("Pending", Assert.Single((await _channels.Nordbank.GetFromJsonAsync<List<Agreement>>("/partners/nordbank/agreements"))!).Status);
    }

    [Fact]
    public async Task A_caseworker_cannot_approve()
    {
        var pending = await ApplyAsync("fjordby");
        using var caseworker = _channels.As(_channels.Tokens.CivilServant("fjordby", Roles.Caseworker));

        Assert.Equal(HttpStatusCode.Forbidden, (await caseworker.PostAsJsonAsync($"/tenants/fjordby/agreements/{pending.Id}/approval",
            new { formKeys = new[] { "street-light" } })).StatusCode);
    }

    [Fact]
    public async Task A_second_application_while_one_is_open_is_a_conflict()
    {
        await ApplyAsync("fjordby");

        await Problems.ExpectAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
            new AgreementApplication("fjordby", ["street-light"], [], [])), HttpStatusCode.Conflict, "already has");
    }

    [Fact]
    public async Task An_application_naming_nothing_or_an_unknown_event_type_is_rejected_naming_each()
    {
        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
            new AgreementApplication(null, [], ["case.exploded"], [])));

        Assert.Equal(["/eventTypes/0", "/tenantId"], errors.Keys.Order());
        Assert.Contains("case.exploded", errors["/eventTypes/0"].Single());
    }

    [Fact]
    public async Task An_organisation_the_registry_does_not_know_cannot_apply()
    {
        await Problems.ExpectAsync(await _channels.PartnerClient("acme").PostAsJsonAsync("/partners/acme/agreements",
            new AgreementApplication("fjordby", ["street-light"], [], [])), HttpStatusCode.NotFound, "acme");
        Assert.Contains(_channels.Identity.LogEntries, e => e.RequestMessage.Path == "/organisations/acme");
        // Channels asked the registry with its own token.
        Assert.All(_channels.Identity.LogEntries, e => Assert.StartsWith("Bearer ", e.RequestMessage.Headers!["Authorization"].Single()));
    }

    [Fact]
    public async Task A_municipality_is_not_a_partner_and_cannot_apply()
    {
        await Problems.ExpectAsync(await _channels.PartnerClient("skogsberg").PostAsJsonAsync("/partners/skogsberg/agreements",
            new AgreementApplication("fjordby", ["street-light"], [], [])), HttpStatusCode.NotFound, "skogsberg");
    }

    [Fact]
    public async Task An_application_to_a_municipality_the_registry_does_not_know_is_rejected_naming_the_tenant()
    {
        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
            new AgreementApplication("atlantis", ["street-light"], [], []));

        Assert.Equal(["/tenantId"], (await Problems.ValidationErrorsAsync(response)).Keys);
        Assert.Empty((await _channels.Nordbank.GetFromJsonAsync<List<Agreement>>("/partners/nordbank/agreements"))!);
    }

    private async Task<Agreement> ApplyAsync(string tenantId)
    {
        using var applied = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/agreements",
            new AgreementApplication(tenantId, ["street-light"], ["case.opened"], []));
        applied.EnsureSuccessStatusCode();
        return (await applied.Content.ReadFromJsonAsync<Agreement>())!;
    }
}
