using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Notifications.Deliveries;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Inbox;

/// <summary>The signed-in citizen's inbox, newest first, paged, with read marks; and a caseworker's, for overdue cases.</summary>
public static class InboxEndpoints
{
    public sealed record NoticeView(Guid Id, string TenantId, Guid? CaseId, string Kind, string Subject, string Body, DateTimeOffset CreatedAt, bool IsRead);

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder routes)
    {
        var inbox = routes.MapGroup("/citizens/me/inbox").WithTags("Inbox").RequireAuthorization(Policies.Citizen);
        inbox.MapGet("/", async (int? limit, int? offset, bool? unread, ClaimsPrincipal caller, NotificationsDb db, HttpContext http, CancellationToken ct) =>
            await PageAsync(CitizensNotices(db, caller).Where(n => unread != true || n.ReadAt == null), limit, offset, http, ct));
        inbox.MapPut("/{noticeId:guid}/read", (Guid noticeId, ClaimsPrincipal caller, NotificationsDb db, TimeProvider clock, CancellationToken ct) =>
            MarkAsync(db, caller, noticeId, clock.GetUtcNow(), ct));
        inbox.MapDelete("/{noticeId:guid}/read", (Guid noticeId, ClaimsPrincipal caller, NotificationsDb db, CancellationToken ct) =>
            MarkAsync(db, caller, noticeId, null, ct));

        // A caseworker's own notices and those of the municipality's queue, which every caseworker of it shares.
        routes.MapGet("/tenants/{tenantId}/caseworkers/me/inbox", async (int? limit, int? offset, ClaimsPrincipal caller, NotificationsDb db, HttpContext http,
            CancellationToken ct) =>
        {
            var caseworker = caller.SubjectId();
            return await PageAsync(
                db.Notices.Where(n => (n.RecipientKind == RecipientKind.Caseworker && n.RecipientId == caseworker) || n.RecipientKind == RecipientKind.CaseworkerQueue),
                limit, offset, http, ct);
        }).WithTags("Inbox").RequireAuthorization(Policies.Caseworker).ForTenant();

        return routes;
    }

    // The one query that crosses municipalities: a citizen's inbox gathers what every municipality told them,
    // and it is narrowed to the citizen in the token instead of to a tenant.
    private static IQueryable<InboxNotice> CitizensNotices(NotificationsDb db, ClaimsPrincipal caller)
    {
        var citizenId = caller.CitizenId();
        return db.Notices.IgnoreQueryFilters().Where(n => n.RecipientKind == RecipientKind.Citizen && n.RecipientId == citizenId);
    }

    private static async Task<List<NoticeView>> PageAsync(IQueryable<InboxNotice> notices, int? limit, int? offset, HttpContext http, CancellationToken ct)
    {
        var page = await notices.OrderByDescending(n => n.CreatedAt).ThenBy(n => n.Id).PageAsync(limit, offset, http, ct);
        return [.. page.Select(n => new NoticeView(n.Id, n.TenantId, n.CaseId, n.Kind, n.Subject, n.Body, n.CreatedAt, n.ReadAt is not null))];
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> MarkAsync(NotificationsDb db, ClaimsPrincipal caller, Guid noticeId, DateTimeOffset? readAt, CancellationToken ct)
    {
        var notice = await CitizensNotices(db, caller).FirstOrDefaultAsync(n => n.Id == noticeId, ct);
        if (notice is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Notice not found", detail: "There is no such notice in your inbox.");
        }

        // Reading twice keeps the first time it was read.
        notice.ReadAt = readAt is null ? null : notice.ReadAt ?? readAt;
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }
}
