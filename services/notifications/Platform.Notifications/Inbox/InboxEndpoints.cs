using Microsoft.EntityFrameworkCore;

namespace Platform.Notifications.Inbox;

/// <summary>The citizen's inbox, newest first.</summary>
public static class InboxEndpoints
{
    public sealed record NoticeView(Guid Id, string TenantId, Guid? CaseId, string Kind, string Subject, string Body, DateTimeOffset CreatedAt, bool IsRead);

    public static IEndpointRouteBuilder MapInbox(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/citizens/{citizenId}/inbox", async (string citizenId, int? limit, NotificationsDb db, CancellationToken ct) =>
        {
            var notices = await db.Notices
                .Where(n => n.CitizenId == citizenId)
                .OrderByDescending(n => n.CreatedAt)
                .Take(Math.Clamp(limit ?? 50, 1, 200))
                .ToListAsync(ct);
            return notices.Select(n => new NoticeView(n.Id, n.TenantId, n.CaseId, n.Kind, n.Subject, n.Body, n.CreatedAt, n.ReadAt is not null)).ToList();
        }).WithTags("Inbox");

        return routes;
    }
}
