using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Audit.AuditEndpoints;
using static Platform.Cases.Cases.CaseEndpoints;
using static Platform.Cases.InformationRequests.InformationRequestEndpoints;

namespace Platform.Cases.Tests;

/// <summary>The audit log: one entry per change with who, when, what, before and after; readable by the municipality; alterable by no one.</summary>
public sealed class AuditTests : IAsyncLifetime
{
    private readonly CasesHost _cases = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _cases.DisposeAsync();

    [Fact]
    public async Task Each_change_to_a_case_is_one_entry_saying_who_what_and_the_case_before_and_after()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var ingrid = _cases.Caseworker(name: "ingrid");
        var kari = _cases.Citizen("kari");
        await ingrid.ActAsync(@case, "assignment", new { assigneeId = "per" }).OkAsync<CaseView>();
        await ingrid.ActAsync(@case, "review").OkAsync<CaseView>();
        var request = await ingrid.ActAsync(@case, "information-requests", new { question = "Which pole?" }).OkAsync<InformationRequestView>();
        await kari.ActAsync(@case, "messages", new { body = "I will check tonight." }).OkAsync<JsonElement>();
        await kari.ActAsync(@case, $"information-requests/{request.Id}/answer", new { text = "FB-1234." }).OkAsync<CaseView>();
        await ingrid.ActAsync(@case, "decision", new { outcome = "Approved", reason = "Replaced." }).OkAsync<CaseView>();
        // Refused steps change nothing and are not changes.
        using var refused = await ingrid.ActAsync(@case, "review");
        Assert.Equal(HttpStatusCode.Conflict, refused.StatusCode);

        var admin = _cases.As(_cases.Tokens.CivilServant("fjordby", Roles.TenantAdmin));
        var log = (await admin.GetFromJsonAsync<List<AuditEntryView>>($"/tenants/fjordby/audit?caseId={@case.Id}"))!;

        Assert.Equal(
            [("Opened", "citizen", "kari"), ("Assign", "civil-servant", "ingrid"), ("StartReview", "civil-servant", "ingrid"),
             ("RequestInformation", "civil-servant", "ingrid"), ("PostMessage", "citizen", "kari"), ("AnswerInformation", "citizen", "kari"),
             ("Decide", "civil-servant", "ingrid")],
            log.Select(e => (e.Action, e.ActorParty, e.ActorId)));
        Assert.Null(log[0].Before);
        Assert.Equal((null, "per"), (Field(log[1].Before, "assigneeId"), Field(log[1].After, "assigneeId")));
        Assert.Equal(("Received", "UnderReview"), (Field(log[2].Before, "status"), Field(log[2].After, "status")));
        Assert.Equal(("UnderReview", "Decided", "Approved"), (Field(log[6].Before, "status"), Field(log[6].After, "status"), Field(log[6].After, "outcome")));
        Assert.Equal(request.Id.ToString(), log[3].Detail);
        Assert.True(log.Zip(log.Skip(1)).All(pair => pair.First.Id < pair.Second.Id && pair.First.At <= pair.Second.At));
    }

    [Fact]
    public async Task Taking_a_case_one_already_has_is_no_change_and_is_not_recorded()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        var ingrid = _cases.Caseworker(name: "ingrid");

        var taken = await ingrid.ActAsync(@case, "assignment").OkAsync<CaseView>();
        var again = await ingrid.ActAsync(@case, "assignment").OkAsync<CaseView>();

        Assert.Equal(("ingrid", taken.Version), (again.AssigneeId, again.Version));
        Assert.Single(await _cases.AuditOfAsync(@case.Id), e => e.Action == "Assign");
    }

    [Fact]
    public async Task No_route_of_the_service_can_alter_the_audit_log()
    {
        var routes = _cases.Host.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Select(e => (Template: e.RoutePattern.RawText!, Methods: e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []))
            .ToList();

        var audit = Assert.Single(routes, r => r.Template.Contains("audit", StringComparison.OrdinalIgnoreCase));
        Assert.Equal(["GET"], audit.Methods);
        // Nor anywhere else: the service has no route that replaces or deletes anything.
        Assert.DoesNotContain(routes.SelectMany(r => r.Methods), m => m is "PUT" or "PATCH" or "DELETE");

        var @case = await _cases.OpenAsync(citizenId: "kari");
        var admin = _cases.As(_cases.Tokens.CivilServant("fjordby", Roles.TenantAdmin));
        foreach (var method in new[] { HttpMethod.Put, HttpMethod.Patch, HttpMethod.Delete, HttpMethod.Post })
        {
            using var response = await admin.SendAsync(new HttpRequestMessage(method, $"/tenants/fjordby/audit?caseId={@case.Id}") { Content = JsonContent.Create(new { }) });
            Assert.Equal(HttpStatusCode.MethodNotAllowed, response.StatusCode);
        }

        Assert.Single(await _cases.AuditOfAsync(@case.Id));
    }

    [Fact]
    public async Task The_database_itself_refuses_to_change_or_remove_an_entry()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");
        await using var scope = _cases.Host.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDb>();

        var update = await Record.ExceptionAsync(() => db.Database.ExecuteSqlAsync($"UPDATE case_audit SET \"ActorId\" = 'someone else' WHERE \"CaseId\" = {@case.Id}"));
        var delete = await Record.ExceptionAsync(() => db.Database.ExecuteSqlAsync($"DELETE FROM case_audit WHERE \"CaseId\" = {@case.Id}"));

        Assert.Contains("append-only", update?.Message);
        Assert.Contains("append-only", delete?.Message);
        var entry = Assert.Single(await _cases.AuditOfAsync(@case.Id));
        Assert.Equal("kari", entry.ActorId);
    }

    [Fact]
    public async Task The_log_is_the_municipalitys_own_and_not_the_citizens()
    {
        var @case = await _cases.OpenAsync(citizenId: "kari");

        Assert.Single((await _cases.Caseworker().GetFromJsonAsync<List<AuditEntryView>>($"/tenants/fjordby/audit?caseId={@case.Id}"))!);
        await Problems.ExpectAsync(await _cases.Citizen("kari").GetAsync($"/tenants/fjordby/audit?caseId={@case.Id}"), HttpStatusCode.Forbidden, "party, role or scope");
        await Problems.ExpectAsync(await _cases.As(_cases.Tokens.CivilServant("fjordby", Roles.FormDesigner)).GetAsync("/tenants/fjordby/audit"),
            HttpStatusCode.Forbidden, "party, role or scope");
        await Problems.ExpectAsync(await _cases.As(_cases.Tokens.CivilServant("skogsberg", Roles.TenantAdmin)).GetAsync("/tenants/fjordby/audit"),
            HttpStatusCode.NotFound, "no such resource");
        Assert.Empty((await _cases.As(_cases.Tokens.CivilServant("skogsberg", Roles.TenantAdmin)).GetFromJsonAsync<List<AuditEntryView>>(
            $"/tenants/skogsberg/audit?caseId={@case.Id}"))!);
    }

    private static string? Field(JsonElement? state, string name) =>
        state is { } s && s.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null ? value.ToString() : null;
}
