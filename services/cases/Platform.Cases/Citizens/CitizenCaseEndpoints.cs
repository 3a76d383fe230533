using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.InformationRequests;
using Platform.Cases.Messages;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Citizens;

/// <summary>The signed-in citizen's own cases, in every municipality, newest first; and one of them with its thread and questions.</summary>
public static class CitizenCaseEndpoints
{
    public sealed record CitizenCaseView(CaseView Case, List<MessageEndpoints.MessageView> Messages,
        List<InformationRequestEndpoints.InformationRequestView> InformationRequests);

    public static IEndpointRouteBuilder MapCitizenCases(this IEndpointRouteBuilder routes)
    {
        var mine = routes.MapGroup("/citizens/me/cases").WithTags("My cases").RequireAuthorization(Policies.Citizen);

        mine.MapGet("/", async (int? limit, int? offset, ClaimsPrincipal caller, CasesDb db, TimeProvider clock, HttpContext http, CancellationToken ct) =>
        {
            var cases = await OwnCases(db, caller).OrderByDescending(c => c.OpenedAt).ThenBy(c => c.Id).PageAsync(limit, offset, http, ct);
            var now = clock.GetUtcNow();
            return cases.Select(c => View(c, now)).ToList();
        });

        mine.MapGet("/{caseId:guid}", async Task<Results<Ok<CitizenCaseView>, ProblemHttpResult>> (Guid caseId, ClaimsPrincipal caller, CasesDb db,
            TimeProvider clock, CancellationToken ct) =>
        {
            var @case = await OwnCases(db, caller).FirstOrDefaultAsync(c => c.Id == caseId, ct);
            if (@case is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"You have no case {caseId}.");
            }

            // The thread and requests of a case the citizen owns, across municipalities as the case itself is.
            var messages = (await db.Messages.IgnoreQueryFilters().Where(m => m.CaseId == caseId).ToListAsync(ct)).OrderBy(m => m.PostedAt);
            var requests = (await db.InformationRequests.IgnoreQueryFilters().Where(r => r.CaseId == caseId).ToListAsync(ct)).OrderBy(r => r.RequestedAt);
            return TypedResults.Ok(new CitizenCaseView(View(@case, clock.GetUtcNow()), [.. messages.Select(MessageEndpoints.View)],
                [.. requests.Select(InformationRequestEndpoints.View)]));
        });

        return routes;
    }

    /// <summary>
    /// The one query of this service that crosses municipalities: a citizen's cases are gathered from every one of
    /// them, and narrowed to the citizen in the token instead of to a tenant.
    /// </summary>
    private static IQueryable<Cases.Case> OwnCases(CasesDb db, ClaimsPrincipal caller)
    {
        var citizenId = caller.CitizenId();
        return db.Cases.IgnoreQueryFilters().Where(c => c.CitizenId == citizenId);
    }
}
