using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Cases;

/// <summary>A municipality's cases, read by its caseworkers, by the citizens they concern and by the partners that submitted them.</summary>
public static class CaseEndpoints
{
    public sealed record CaseView(Guid Id, string CaseNumber, string TenantId, Guid SubmissionId, string FormKey, int FormVersion,
        string FormTitle, string CitizenId, string Status, DateTimeOffset OpenedAt);

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/tenants/{tenantId}/cases").WithTags("Cases").ForTenant().RequireAuthorization(Policies.ReadCases);

        cases.MapGet("/", async (string tenantId, Guid? submissionId, string? citizenId, string? formKey, int? limit, ClaimsPrincipal caller, CasesDb db,
            CancellationToken ct) =>
        {
            var matching = db.Cases.VisibleTo(caller).Where(c => c.TenantId == tenantId);
            if (submissionId is { } s)
            {
                matching = matching.Where(c => c.SubmissionId == s);
            }

            if (!string.IsNullOrEmpty(citizenId))
            {
                matching = matching.Where(c => c.CitizenId == citizenId);
            }

            if (!string.IsNullOrEmpty(formKey))
            {
                matching = matching.Where(c => c.FormKey == formKey);
            }

            var page = await matching.OrderByDescending(c => c.OpenedAt).Take(Math.Clamp(limit ?? 50, 1, 200)).ToListAsync(ct);
            return page.Select(View).ToList();
        });

        cases.MapGet("/{caseId:guid}", async Task<Results<Ok<CaseView>, ProblemHttpResult>> (string tenantId, Guid caseId, ClaimsPrincipal caller, CasesDb db,
            CancellationToken ct) =>
        {
            var @case = await db.Cases.VisibleTo(caller).FirstOrDefaultAsync(c => c.TenantId == tenantId && c.Id == caseId, ct);
            return @case is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"Municipality '{tenantId}' has no case {caseId}.")
                : TypedResults.Ok(View(@case));
        });

        return routes;
    }

    /// <summary>
    /// A caseworker sees every case of their municipality (ForTenant keeps them to it), as does one of the network's own
    /// services granted cases.read (the forms service showing a case's status to Open311 clients); a citizen their own,
    /// a partner the cases of submissions it made for citizens; anyone else none. Someone else's case reads as no case at all.
    /// </summary>
    private static IQueryable<Case> VisibleTo(this IQueryable<Case> cases, ClaimsPrincipal caller)
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

    private static CaseView View(Case c) =>
        new(c.Id, c.CaseNumber, c.TenantId, c.SubmissionId, c.FormKey, c.FormVersion, c.FormTitle, c.CitizenId, c.Status.ToString(), c.OpenedAt);
}
