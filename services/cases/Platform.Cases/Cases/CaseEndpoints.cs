using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Cases;

/// <summary>A municipality's cases, read by its caseworkers, by the citizens they concern and by the partners that submitted them.</summary>
public static class CaseEndpoints
{
    /// <param name="AssigneeId">The caseworker handling the case; null while it waits in the queue.</param>
    /// <param name="DueAt">When the municipality promised a decision.</param>
    /// <param name="Version">Counts the changes to the case; it grows with each one.</param>
    public sealed record CaseView(Guid Id, string CaseNumber, string TenantId, Guid SubmissionId, string FormKey, int FormVersion,
        string FormTitle, string CitizenId, string Status, DateTimeOffset OpenedAt, string? SubmittedVia, string? AssigneeId, DateTimeOffset DueAt,
        bool IsOverdue, string? Outcome, string? DecisionReason, DateTimeOffset? DecidedAt, DateTimeOffset UpdatedAt, int Version);

    /// <summary>The case's current answers: the submission's, or the newer ones a citizen gave with an information request's answer.</summary>
    public sealed record AnswersView(Guid CaseId, string FormKey, int FormVersion, System.Text.Json.JsonElement Data);

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/tenants/{tenantId}/cases").WithTags("Cases").ForTenant();

        cases.MapGet("/", ListAsync).RequireAuthorization(Policies.ReadCases);

        cases.MapGet("/{caseId:guid}", async Task<Results<Ok<CaseView>, ProblemHttpResult>> (string tenantId, Guid caseId, ClaimsPrincipal caller, CasesDb db,
            TimeProvider clock, CancellationToken ct) =>
        {
            var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
            return @case is null ? NotFound(tenantId, caseId) : TypedResults.Ok(View(@case, clock.GetUtcNow()));
        }).RequireAuthorization(Policies.ReadCases);

        cases.MapGet("/{caseId:guid}/answers", async Task<Results<Ok<AnswersView>, ProblemHttpResult>> (string tenantId, Guid caseId, ClaimsPrincipal caller,
            CasesDb db, CancellationToken ct) =>
        {
            var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
            return @case is null
                ? NotFound(tenantId, caseId)
                : TypedResults.Ok(new AnswersView(@case.Id, @case.FormKey, @case.FormVersion, System.Text.Json.JsonDocument.Parse(@case.Answers).RootElement));
        }).RequireAuthorization(CasePolicies.CaseParties);

        return routes;
    }

    /// <summary>The queue: filtered, most urgent first, a page at a time. The next page's address is in the Link header (rel="next").</summary>
    /// <param name="state">Received, UnderReview, AwaitingCitizen, Decided, Closed or Withdrawn.</param>
    /// <param name="assignee">A caseworker's id, <c>me</c>, or <c>none</c> for cases nobody has taken.</param>
    /// <param name="overdue">true: past due and undecided; false: the others.</param>
    /// <param name="cursor">From the previous page's Link header.</param>
    private static async Task<Results<Ok<List<CaseView>>, ValidationProblem>> ListAsync(string tenantId, string? state, string? formKey, string? assignee,
        bool? overdue, Guid? submissionId, string? citizenId, string? cursor, int? limit, ClaimsPrincipal caller, CasesDb db, TimeProvider clock,
        HttpContext http, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        CaseStatus? status = null;
        if (!string.IsNullOrEmpty(state))
        {
            if (Enum.TryParse<CaseStatus>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(parsed))
            {
                status = parsed;
            }
            else
            {
                errors["state"] = [$"Must be one of: {string.Join(", ", Enum.GetNames<CaseStatus>())}."];
            }
        }

        QueueCursor? after = null;
        if (!string.IsNullOrEmpty(cursor) && !QueueCursor.TryDecode(cursor, out after))
        {
            errors["cursor"] = ["Not a cursor this service gave out; take it from the Link header of the previous page."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The queue cannot be read with these parameters.");
        }

        var filter = new QueueFilter(status, formKey,
            Assignee: assignee == "me" ? caller.SubjectId() : assignee,
            Unassigned: assignee == "none",
            overdue, submissionId, citizenId);
        var now = clock.GetUtcNow();
        var pageSize = Paging.Limit(limit);
        var (page, next) = await CaseQueue.PageAsync(db.Cases.VisibleTo(caller).Where(c => c.TenantId == tenantId), filter, after, pageSize, now, ct);
        if (next is not null)
        {
            Paging.LinkNext(http, "cursor", next.Encode());
        }

        return TypedResults.Ok(page.Select(c => View(c, now)).ToList());
    }

    /// <summary>
    /// A caseworker sees every case of their municipality (ForTenant keeps them to it), as does one of the network's own
    /// services granted cases.read (the forms service showing a case's status to Open311 clients); a citizen their own,
    /// a partner the cases of submissions it made for citizens; anyone else none. Someone else's case reads as no case at all.
    /// </summary>
    internal static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, ClaimsPrincipal caller)
    {
        if ((caller.IsCivilServant() && caller.IsInRole(Roles.Caseworker)) || (caller.Party() == Parties.Service && caller.HasScope(Scopes.CasesRead)))
        {
            return cases;
        }

        if (caller.CitizenId() is { } citizen)
        {
            return cases.Where(c => c.CitizenId == citizen);
        }

        if (caller.IsPartner() && caller.OrganisationId() is { } partner)
        {
            return cases.Where(c => c.SubmittedVia == partner);
        }

        return cases.Where(_ => false);
    }

    internal static Task<Case?> FindAsync(this IQueryable<Case> cases, string tenantId, Guid caseId, CancellationToken ct) =>
        cases.FirstOrDefaultAsync(c => c.TenantId == tenantId && c.Id == caseId, ct);

    internal static ProblemHttpResult NotFound(string tenantId, Guid caseId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"Municipality '{tenantId}' has no case {caseId}.");

    internal static CaseView View(Case c, DateTimeOffset now) =>
        new(c.Id, c.CaseNumber, c.TenantId, c.SubmissionId, c.FormKey, c.FormVersion, c.FormTitle, c.CitizenId, c.Status.ToString(), c.OpenedAt,
            c.SubmittedVia, c.AssigneeId, c.DueAt, c.IsOverdueAt(now), c.Outcome?.ToString(), c.DecisionReason, c.DecidedAt,
            c.UpdatedAt, c.Version);
}
