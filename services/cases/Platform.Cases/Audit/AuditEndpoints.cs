using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.Cases;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Audit;

/// <summary>
/// The municipality's audit log of its cases, oldest first, for its tenant admin and caseworkers. It is read here and
/// nowhere written but by <see cref="CaseHandling"/>: there is no route to edit or delete an entry.
/// </summary>
public static class AuditEndpoints
{
    public sealed record AuditEntryView(long Id, Guid CaseId, DateTimeOffset At, string ActorParty, string ActorId, string Action, JsonElement? Before,
        JsonElement After, string? Detail);

    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        // ?caseId= narrows to one case; ?after= is the id of the last entry already read, so the next page starts after it.
        routes.MapGet("/tenants/{tenantId}/audit", async (string tenantId, Guid? caseId, long? after, int? limit, CasesDb db, CancellationToken ct) =>
        {
            var entries = db.Audit.Where(e => e.TenantId == tenantId);
            if (caseId is { } id)
            {
                entries = entries.Where(e => e.CaseId == id);
            }

            if (after is { } last)
            {
                entries = entries.Where(e => e.Id > last);
            }

            var page = await entries.OrderBy(e => e.Id).Take(Math.Clamp(limit ?? 100, 1, MaxPageSize)).ToListAsync(ct);
            return page.Select(e => new AuditEntryView(e.Id, e.CaseId, e.At, e.ActorParty, e.ActorId, e.Action,
                e.Before is null ? null : JsonDocument.Parse(e.Before).RootElement, JsonDocument.Parse(e.After).RootElement, e.Detail)).ToList();
        }).WithTags("Audit").ForTenant().RequireAuthorization(CasePolicies.ReadAudit);
        return routes;
    }
}
