using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Platform.Cases.Cases;

/// <summary>A municipality's cases, read by its civil servants.</summary>
public static class CaseEndpoints
{
    public sealed record CaseView(Guid Id, string CaseNumber, string TenantId, Guid SubmissionId, string FormKey, int FormVersion,
        string FormTitle, string CitizenId, string Status, DateTimeOffset OpenedAt);

    public static IEndpointRouteBuilder MapCases(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/tenants/{tenantId}/cases").WithTags("Cases");

        cases.MapGet("/", async (string tenantId, Guid? submissionId, string? citizenId, string? formKey, int? limit, CasesDb db, CancellationToken ct) =>
        {
            var matching = db.Cases.Where(c => c.TenantId == tenantId);
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

        cases.MapGet("/{caseId:guid}", async Task<Results<Ok<CaseView>, ProblemHttpResult>> (string tenantId, Guid caseId, CasesDb db, CancellationToken ct) =>
        {
            var @case = await db.Cases.FirstOrDefaultAsync(c => c.TenantId == tenantId && c.Id == caseId, ct);
            return @case is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Case not found", detail: $"Municipality '{tenantId}' has no case {caseId}.")
                : TypedResults.Ok(View(@case));
        });

        return routes;
    }

    private static CaseView View(Case c) =>
        new(c.Id, c.CaseNumber, c.TenantId, c.SubmissionId, c.FormKey, c.FormVersion, c.FormTitle, c.CitizenId, c.Status.ToString(), c.OpenedAt);
}
