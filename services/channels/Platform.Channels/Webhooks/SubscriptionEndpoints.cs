using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Channels.Partners;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Webhooks;

/// <summary>
/// Partners manage their webhook subscriptions and read what was delivered to them. A partner's subscriptions span
/// municipalities, so these queries ignore the tenant filter and are narrowed to the partner in the token instead.
/// A subscription needs an approved agreement granting its event types, an address outside the platform's network,
/// and a verified endpoint before anything is sent to it.
/// </summary>
public static class SubscriptionEndpoints
{
    public static IEndpointRouteBuilder MapWebhookSubscriptions(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapPartner("/webhooks").WithTags("Webhooks").RequireAuthorization(Policies.ManageWebhooks);
        webhooks.MapPost("/", Subscribe);
        webhooks.MapGet("/", async (string partnerId, int? limit, int? offset, ChannelsDb db, HttpContext http, CancellationToken ct) =>
            (await db.Subscriptions.IgnoreQueryFilters().Where(s => s.PartnerId == partnerId).OrderBy(s => s.CreatedAt).ThenBy(s => s.Id)
                .PageAsync(limit, offset, http, ct)).Select(s => View(s)).ToList());
        webhooks.MapGet("/{subscriptionId:guid}", async Task<Results<Ok<Subscription>, ProblemHttpResult>> (string partnerId, Guid subscriptionId, ChannelsDb db, CancellationToken ct) =>
            await db.FindAsync(partnerId, subscriptionId, ct) is { } subscription ? TypedResults.Ok(View(subscription)) : NotFound(subscriptionId));
        webhooks.MapDelete("/{subscriptionId:guid}", Unsubscribe);
        webhooks.MapPost("/{subscriptionId:guid}/verification", Verify);
        webhooks.MapPost("/{subscriptionId:guid}/secret-rotation", RotateSecret);
        webhooks.MapGet("/{subscriptionId:guid}/deliveries", Deliveries);
        webhooks.MapPost("/{subscriptionId:guid}/replay", Replay);
        return routes;
    }

    private static async Task<Results<Created<Subscription>, ValidationProblem, ProblemHttpResult>> Subscribe(
        string partnerId, SubscriptionRequest request, ChannelsDb db, OutboundAddressGuard guard, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count == 0 && await guard.ProblemWithAsync(new Uri(request.Url!), ct) is { } unsafeAddress)
        {
            errors["/url"] = [$"Webhooks are not sent inside the platform's network: {unsafeAddress}"];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The subscription is not valid.");
        }

        var (agreement, refusal) = await db.ApprovedAgreementAsync(request.TenantId!, partnerId, ct);
        if (agreement is null)
        {
            return refusal!;
        }

        if (request.EventTypes!.Where(type => !agreement.AllowsEvent(type)).ToList() is { Count: > 0 } notGranted)
        {
            return PartnerRoutes.Forbidden("Event type not granted",
                $"The agreement with '{agreement.TenantId}' does not grant {string.Join(", ", notGranted)}; it grants {string.Join(", ", agreement.EventTypes)}.");
        }

        var subscription = new WebhookSubscription
        {
            PartnerId = partnerId,
            TenantId = request.TenantId!,
            Url = request.Url!,
            EventTypes = request.EventTypes!.Distinct().ToList(),
            CreatedAt = clock.GetUtcNow(),
        };
        db.Subscriptions.Add(subscription);
        await db.SaveChangesAsync(ct);
        // The secret is shown once, here; afterwards only a rotation reveals a new one.
        return TypedResults.Created($"/partners/{partnerId}/webhooks/{subscription.Id}", View(subscription) with { Secret = subscription.Secret });
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Unsubscribe(string partnerId, Guid subscriptionId, ChannelsDb db, CancellationToken ct)
    {
        if (await db.FindAsync(partnerId, subscriptionId, ct) is not { } subscription)
        {
            return NotFound(subscriptionId);
        }

        await db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscriptionId && d.Status == DeliveryStatus.Pending)
            .ExecuteDeleteAsync(ct);
        db.Subscriptions.Remove(subscription);
        await db.SaveChangesAsync(ct);
        return TypedResults.NoContent();
    }

    private static async Task<Results<Ok<Subscription>, ProblemHttpResult>> Verify(
        string partnerId, Guid subscriptionId, ChannelsDb db, WebhookRequests requests, TimeProvider clock, CancellationToken ct)
    {
        if (await db.FindAsync(partnerId, subscriptionId, ct) is not { } subscription)
        {
            return NotFound(subscriptionId);
        }

        if (await requests.VerifyAsync(subscription, ct) is { } failure)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status422UnprocessableEntity, title: "Endpoint not verified",
                detail: $"{failure} The subscription stays {subscription.Status}; fix the endpoint and ask again.");
        }

        subscription.Verified(clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(subscription));
    }

    private static async Task<Results<Ok<RotatedSecret>, ValidationProblem, ProblemHttpResult>> RotateSecret(
        string partnerId, Guid subscriptionId, SecretRotation rotation, ChannelsDb db, IOptions<WebhookOptions> options, TimeProvider clock, CancellationToken ct)
    {
        if (rotation.OverlapHours is < 0 or > 24 * 7)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/overlapHours"] = ["Between 0 and 168 hours."] },
                title: "The rotation is not valid.");
        }

        if (await db.FindAsync(partnerId, subscriptionId, ct) is not { } subscription)
        {
            return NotFound(subscriptionId);
        }

        var now = clock.GetUtcNow();
        var overlap = rotation.OverlapHours is { } hours ? TimeSpan.FromHours(hours) : options.Value.DefaultRotationOverlap;
        var secret = subscription.RotateSecret(overlap, now);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(new RotatedSecret(secret, now + overlap));
    }

    private static async Task<Results<Ok<List<Delivery>>, ProblemHttpResult>> Deliveries(string partnerId, Guid subscriptionId, int? limit, int? offset,
        ChannelsDb db, HttpContext http, CancellationToken ct)
    {
        if (await db.FindAsync(partnerId, subscriptionId, ct) is null)
        {
            return NotFound(subscriptionId);
        }

        var deliveries = await db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscriptionId)
            .OrderByDescending(d => d.CreatedAt).ThenBy(d => d.Id).PageAsync(limit, offset, http, ct);
        var ids = deliveries.Select(d => d.Id).ToList();
        var attempts = (await db.Attempts.IgnoreQueryFilters().Where(a => ids.Contains(a.DeliveryId)).ToListAsync(ct))
            .ToLookup(a => a.DeliveryId);
        return TypedResults.Ok(deliveries.Select(d => new Delivery(d.Id, d.EventId, d.EventType, d.Status.ToString(), d.Attempts, d.LastStatusCode,
                d.LastError, d.CreatedAt, d.Status == DeliveryStatus.Pending ? d.NextAttemptAt : null, d.DeliveredAt,
                attempts[d.Id].OrderBy(a => a.At).Select(a => new DeliveryAttempt(a.At, a.StatusCode, a.DurationMs, a.Error)).ToList()))
            .ToList());
    }

    private static async Task<Results<Accepted<ReplayResult>, ValidationProblem, ProblemHttpResult>> Replay(
        string partnerId, Guid subscriptionId, ReplayRequest replay, ChannelsDb db, TimeProvider clock, CancellationToken ct)
    {
        if ((replay.EventId is null) == (replay.From is null))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/eventId"] = ["Name one event by eventId, or a range by from (and to)."] },
                title: "The replay is not valid.");
        }

        if (await db.FindAsync(partnerId, subscriptionId, ct) is not { } subscription)
        {
            return NotFound(subscriptionId);
        }

        var now = clock.GetUtcNow();
        var matching = db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscription.Id);
        matching = replay.EventId is { } eventId
            ? matching.Where(d => d.EventId == eventId)
            : matching.Where(d => d.CreatedAt >= replay.From!.Value && d.CreatedAt <= (replay.To ?? now));
        var deliveries = await matching.ToListAsync(ct);
        if (replay.EventId is not null && deliveries.Count == 0)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Event not found",
                detail: $"No event {replay.EventId} was ever queued for subscription {subscriptionId}.");
        }

        deliveries.ForEach(d => d.Replay(now));
        await db.SaveChangesAsync(ct);
        return TypedResults.Accepted($"/partners/{partnerId}/webhooks/{subscriptionId}/deliveries", new ReplayResult(deliveries.Count));
    }

    private static Task<WebhookSubscription?> FindAsync(this ChannelsDb db, string partnerId, Guid subscriptionId, CancellationToken ct) =>
        db.Subscriptions.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == subscriptionId && s.PartnerId == partnerId, ct);

    private static ProblemHttpResult NotFound(Guid subscriptionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Subscription not found", detail: $"You have no subscription {subscriptionId}.");

    private static Dictionary<string, string[]> Validate(SubscriptionRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.TenantId))
        {
            errors["/tenantId"] = ["The municipality whose events you subscribe to is required."];
        }

        if (!Uri.TryCreate(request.Url, UriKind.Absolute, out var url) || (url.Scheme != Uri.UriSchemeHttps && url.Scheme != Uri.UriSchemeHttp))
        {
            errors["/url"] = ["Must be an absolute http or https URL."];
        }

        if (request.EventTypes is not { Count: > 0 })
        {
            errors["/eventTypes"] = [$"List at least one event type: {string.Join(", ", WebhookEventTypes.Subscribable)}."];
        }
        else
        {
            foreach (var (type, index) in request.EventTypes.Select((t, i) => (t, i)).Where(x => !WebhookEventTypes.Subscribable.Contains(x.t)))
            {
                errors[$"/eventTypes/{index}"] = [$"Unknown event type '{type}'. Known: {string.Join(", ", WebhookEventTypes.Subscribable)}."];
            }
        }

        return errors;
    }

    private static Subscription View(WebhookSubscription s) =>
        new(s.Id, s.PartnerId, s.TenantId, s.Url, s.EventTypes, s.Status.ToString(), s.CreatedAt, s.VerifiedAt);
}
