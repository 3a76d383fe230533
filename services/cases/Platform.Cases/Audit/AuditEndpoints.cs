using System.Globalization;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.Cases;
using Platform.ServiceDefaults;
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

    public const int DefaultPageSize = 100;
    public const int MaxPageSize = 500;

    public static IEndpointRouteBuilder MapAudit(this IEndpointRouteBuilder routes)
    {
        // ?caseId= narrows to one case; ?after= is the id of the last entry already read, so the next page starts after it
        // (the Link header names it). Exports read the log in bulk, hence its larger pages.
        routes.MapGet("/tenants/{tenantId}/audit", async (string tenantId, Guid? caseId, long? after, int? limit, CasesDb db, HttpContext http, CancellationToken ct) =>
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

            var take = Paging.Limit(limit, DefaultPageSize, MaxPageSize);
            var page = await entries.OrderBy(e => e.Id).Take(take + 1).ToListAsync(ct);
            if (page.Count > take)
            {
                page.RemoveAt(take);
                Paging.LinkNext(http, "after", page[^1].Id.ToString(CultureInfo.InvariantCulture));
            }

            return page.Select(e => new AuditEntryView(e.Id, e.CaseId, e.At, e.ActorParty, e.ActorId, e.Action,
                e.Before is null ? null : JsonDocument.Parse(e.Before).RootElement, JsonDocument.Parse(e.After).RootElement, e.Detail)).ToList();
        }).WithTags("Audit").ForTenant().RequireAuthorization(CasePolicies.ReadAudit);
        return routes;
    }
}
