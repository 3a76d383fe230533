using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;
using Refit;

namespace Platform.Channels.Webhooks;

/// <summary>
/// Partners manage their webhook subscriptions and read what was delivered to them. A partner's subscriptions span
/// municipalities, so these queries ignore the tenant filter and are narrowed to the partner in the token instead.
/// </summary>
public static class SubscriptionEndpoints
{
    public static readonly string[] KnownEventTypes = [QueueWebhooksOnCaseOpened.EventType];

    public sealed record SubscriptionRequest(string? TenantId, string? Url, List<string>? EventTypes);

    public sealed record SubscriptionView(Guid Id, string PartnerId, string TenantId, string Url, IReadOnlyList<string> EventTypes, DateTimeOffset CreatedAt);

    public sealed record DeliveryView(Guid Id, Guid EventId, string EventType, string Status, int Attempts, int? LastStatusCode, string? LastError,
        DateTimeOffset CreatedAt, DateTimeOffset? DeliveredAt);

    public static IEndpointRouteBuilder MapWebhookSubscriptions(this IEndpointRouteBuilder routes)
    {
        var webhooks = routes.MapGroup("/partners/{partnerId}/webhooks").WithTags("Webhooks")
            .RequireAuthorization(Policies.ManageWebhooks).ForOwnPartner();
        webhooks.MapPost("/", Subscribe);
        webhooks.MapGet("/", async (string partnerId, ChannelsDb db, CancellationToken ct) =>
            (await db.Subscriptions.IgnoreQueryFilters().Where(s => s.PartnerId == partnerId).ToListAsync(ct)).Select(View).ToList());
        webhooks.MapGet("/{subscriptionId:guid}/deliveries", Deliveries);
        return routes;
    }

    private static async Task<Results<Created<SubscriptionView>, ValidationProblem, ProblemHttpResult>> Subscribe(
        string partnerId, SubscriptionRequest request, ChannelsDb db, IOrganisationsApi organisations, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The subscription is not valid.");
        }

        var partner = await organisations.GetAsync(partnerId, ct);
        var tenant = await organisations.GetAsync(request.TenantId!, ct);
        if (!IsAnswer(partner) || !IsAnswer(tenant))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Identity service unavailable",
                detail: "The registry of organisations could not be reached; try again shortly.");
        }

        if (partner.Content?.Kind != OrganisationKind.Partner)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Partner not found",
                detail: $"'{partnerId}' is not a partner registered in the network.");
        }

        if (tenant.Content?.Kind != OrganisationKind.Municipality)
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["/tenantId"] = [$"'{request.TenantId}' is not a municipality registered in the network."] },
                title: "The subscription is not valid.");
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
        return TypedResults.Created($"/partners/{partnerId}/webhooks/{subscription.Id}", View(subscription));
    }

    private static async Task<Results<Ok<List<DeliveryView>>, ProblemHttpResult>> Deliveries(string partnerId, Guid subscriptionId, ChannelsDb db, CancellationToken ct)
    {
        if (!await db.Subscriptions.IgnoreQueryFilters().AnyAsync(s => s.Id == subscriptionId && s.PartnerId == partnerId, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Subscription not found");
        }

        var deliveries = await db.Deliveries.IgnoreQueryFilters().Where(d => d.SubscriptionId == subscriptionId).OrderByDescending(d => d.CreatedAt).Take(100).ToListAsync(ct);
        return TypedResults.Ok(deliveries.Select(d => new DeliveryView(d.Id, d.EventId, d.EventType, d.Status.ToString(), d.Attempts, d.LastStatusCode, d.LastError,
            d.CreatedAt, d.DeliveredAt)).ToList());
    }

    /// <summary>
    /// A partner manages only its own webhooks: the route's partner must be the organisation in its token. Anyone
    /// else's answer 404, as if they did not exist.
    /// </summary>
    private static TBuilder ForOwnPartner<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var partnerId = context.HttpContext.Request.RouteValues["partnerId"] as string;
            if (partnerId is null || partnerId != context.HttpContext.User.OrganisationId())
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Partner not found",
                    detail: $"'{partnerId}' is not a partner whose webhooks you manage.");
            }

            return await next(context);
        });

    // A 404 is an answer too: the organisation does not exist. Anything else non-2xx means the registry is unwell.
    private static bool IsAnswer(IApiResponse<Organisation> response) =>
        response.IsSuccessful || response.StatusCode == HttpStatusCode.NotFound;

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
            errors["/eventTypes"] = [$"List at least one event type: {string.Join(", ", KnownEventTypes)}."];
        }
        else
        {
            foreach (var (type, index) in request.EventTypes.Select((t, i) => (t, i)).Where(x => !KnownEventTypes.Contains(x.t)))
            {
                errors[$"/eventTypes/{index}"] = [$"Unknown event type '{type}'. Known: {string.Join(", ", KnownEventTypes)}."];
            }
        }

        return errors;
    }

    private static SubscriptionView View(WebhookSubscription s) => new(s.Id, s.PartnerId, s.TenantId, s.Url, s.EventTypes, s.CreatedAt);
}
