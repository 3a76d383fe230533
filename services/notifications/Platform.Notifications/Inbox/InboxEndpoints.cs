using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Inbox;

/// <summary>The signed-in citizen's inbox, newest first.</summary>
public static class InboxEndpoints
{
    public sealed record NoticeView(Guid Id, string TenantId, Guid? CaseId, string Kind, string Subject, string Body, DateTimeOffset CreatedAt, bool IsRead);

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/citizens/me/inbox", async (int? limit, ClaimsPrincipal caller, NotificationsDb db, CancellationToken ct) =>
        {
            var citizenId = caller.CitizenId();
            // The one query that crosses municipalities: a citizen's inbox gathers what every municipality told them,
            // and it is narrowed to the citizen in the token instead of to a tenant.
            var notices = await db.Notices
                .IgnoreQueryFilters()
                .Where(n => n.CitizenId == citizenId)
                .OrderByDescending(n => n.CreatedAt)
                .Take(Math.Clamp(limit ?? 50, 1, 200))
                .ToListAsync(ct);
            return notices.Select(n => new NoticeView(n.Id, n.TenantId, n.CaseId, n.Kind, n.Subject, n.Body, n.CreatedAt, n.ReadAt is not null)).ToList();
        }).WithTags("Inbox").RequireAuthorization(Policies.Citizen);

        return routes;
    }
}
