using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Notifications.Deliveries;

/// <summary>
/// What became of each notification on each channel: the citizen reads their own (with the addresses used); the
/// municipality's caseworkers and admins read the municipality's, to know whether a citizen was told.
/// </summary>
public static class StatusEndpoints
{
    public sealed record DeliveryView(string Channel, string? Address, string Status, int Attempts, DateTimeOffset? LastAttemptAt,
        DateTimeOffset? NextAttemptAt, DateTimeOffset? CompletedAt, string? FailureReason);

    public sealed record NotificationView(Guid Id, string TenantId, string Kind, Guid? CaseId, string? CaseNumber, string RecipientKind, string RecipientId,
        string Language, string Subject, DateTimeOffset CreatedAt, IReadOnlyList<DeliveryView> Deliveries);

    public static IEndpointRouteBuilder MapDeliveryStatus(this IEndpointRouteBuilder routes)
    {
        var own = routes.MapGroup("/citizens/me/notifications").WithTags("Delivery status").RequireAuthorization(Policies.Citizen);
        own.MapGet("/", (Guid? caseId, int? limit, ClaimsPrincipal caller, NotificationsDb db, CancellationToken ct) =>
            ListAsync(CitizensNotifications(db, caller), caseId, null, limit, showAddresses: true, ct));
        own.MapGet("/{notificationId:guid}", (Guid notificationId, ClaimsPrincipal caller, NotificationsDb db, CancellationToken ct) =>
            GetAsync(CitizensNotifications(db, caller), notificationId, showAddresses: true, ct));

        var municipality = routes.MapGroup("/tenants/{tenantId}/notifications").WithTags("Delivery status")
            .RequireAuthorization(policy => policy.RequireClaim(PlatformClaims.Party, Parties.CivilServant).RequireRole(Roles.Caseworker, Roles.TenantAdmin))
            .ForTenant();
        municipality.MapGet("/", (Guid? caseId, DeliveryStatus? status, int? limit, NotificationsDb db, CancellationToken ct) =>
            ListAsync(db.Notifications, caseId, status, limit, showAddresses: false, ct));
        municipality.MapGet("/{notificationId:guid}", (Guid notificationId, NotificationsDb db, CancellationToken ct) =>
            GetAsync(db.Notifications, notificationId, showAddresses: false, ct));

        return routes;
    }

    private static IQueryable<Notification> CitizensNotifications(NotificationsDb db, ClaimsPrincipal caller)
    {
        var citizenId = caller.CitizenId();
        return db.Notifications.IgnoreQueryFilters().Where(n => n.RecipientKind == RecipientKind.Citizen && n.RecipientId == citizenId);
    }

    private static async Task<List<NotificationView>> ListAsync(IQueryable<Notification> notifications, Guid? caseId, DeliveryStatus? status, int? limit,
        bool showAddresses, CancellationToken ct)
    {
        var found = await notifications
            .Where(n => caseId == null || n.CaseId == caseId)
            .Where(n => status == null || n.Deliveries.Any(d => d.Status == status))
            .Include(n => n.Deliveries)
            .OrderByDescending(n => n.CreatedAt)
            .Take(Math.Clamp(limit ?? 50, 1, 200))
            .ToListAsync(ct);
        return [.. found.Select(n => View(n, showAddresses))];
    }

    private static async Task<Results<Ok<NotificationView>, ProblemHttpResult>> GetAsync(IQueryable<Notification> notifications, Guid id, bool showAddresses,
        CancellationToken ct) =>
        await notifications.Include(n => n.Deliveries).FirstOrDefaultAsync(n => n.Id == id, ct) is { } notification
            ? TypedResults.Ok(View(notification, showAddresses))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Notification not found");

    // A caseworker needs to know whether the citizen was told, not the citizen's e-mail address or phone number.
    private static NotificationView View(Notification n, bool showAddresses) => new(n.Id, n.TenantId, n.Kind, n.CaseId, n.CaseNumber,
        n.RecipientKind.ToString(), n.RecipientId, n.Language, n.Subject, n.CreatedAt,
        [.. n.Deliveries.OrderBy(d => Channels.All.ToList().IndexOf(d.Channel)).Select(d => new DeliveryView(d.Channel, showAddresses ? d.Address : null,
            d.Status.ToString(), d.Attempts, d.LastAttemptAt, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.CompletedAt, d.FailureReason))]);
}
