using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Cases.Cases;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.PartnerData;

/// <summary>The partner data attached to a case, for its caseworkers and the citizen it concerns.</summary>
public static class PartnerDataEndpoints
{
    public sealed record PartnerDataView(Guid RecordId, string PartnerId, string SchemaKey, JsonElement Data, DateTimeOffset ReceivedAt, DateTimeOffset AttachedAt);

    public static IEndpointRouteBuilder MapPartnerData(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/tenants/{tenantId}/cases/{caseId:guid}/partner-data", async Task<Results<Ok<List<PartnerDataView>>, ProblemHttpResult>> (
            string tenantId, Guid caseId, int? limit, int? offset, ClaimsPrincipal caller, CasesDb db, HttpContext http, CancellationToken ct) =>
        {
            var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
            if (@case is null)
            {
                return NotFound(tenantId, caseId);
            }

            var records = await db.PartnerData.Where(r => r.CaseId == caseId).OrderBy(r => r.ReceivedAt).ThenBy(r => r.Id)
                .PageAsync(limit, offset, http, ct);
            return TypedResults.Ok(records
                .Select(r => new PartnerDataView(r.RecordId, r.PartnerId, r.SchemaKey, JsonDocument.Parse(r.Data).RootElement, r.ReceivedAt, r.AttachedAt))
                .ToList());
        }).WithTags("Partner data").ForTenant().RequireAuthorization(CasePolicies.CaseParties);
        return routes;
    }
}
