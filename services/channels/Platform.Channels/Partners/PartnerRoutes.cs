using System.Net;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Agreements;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;
using Refit;

namespace Platform.Channels.Partners;

/// <summary>
/// The partner-facing API lives under <c>/partners/{partnerId}</c>: the partner in the route must be the organisation
/// in the token (anyone else's answer 404), and each partner has its own rate limit.
/// </summary>
public static class PartnerRoutes
{
    public static RouteGroupBuilder MapPartner(this IEndpointRouteBuilder routes, string path = "") =>
        routes.MapGroup("/partners/{partnerId}" + path).ForOwnPartner().RequireRateLimiting(PartnerRateLimits.Policy);

    /// <summary>The partner's approved agreement with the municipality, or a 403 saying there is none.</summary>
    public static async Task<(ChannelAgreement? Agreement, ProblemHttpResult? Refusal)> ApprovedAgreementAsync(
        this ChannelsDb db, string tenantId, string partnerId, CancellationToken ct)
    {
        var agreement = await db.Agreements.IgnoreQueryFilters()
            .FirstOrDefaultAsync(a => a.TenantId == tenantId && a.PartnerId == partnerId && a.Status == AgreementStatus.Approved, ct);
        return agreement is not null
            ? (agreement, null)
            : (null, Forbidden("No agreement", $"'{partnerId}' has no approved agreement with municipality '{tenantId}'; apply at " +
                $"/partners/{partnerId}/agreements and wait for the municipality's approval."));
    }

    public static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

    /// <summary>Whether identity's registry knows the partner as a partner and the tenant as a municipality; a problem when not.</summary>
    public static async Task<ProblemHttpResult?> CheckMembersAsync(this IOrganisationsApi organisations, string partnerId, string tenantId, CancellationToken ct)
    {
        var partner = await organisations.GetAsync(partnerId, ct);
        var tenant = await organisations.GetAsync(tenantId, ct);
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

        return tenant.Content?.Kind == OrganisationKind.Municipality
            ? null
            : TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The request is not valid.",
                detail: $"'{tenantId}' is not a municipality registered in the network.",
                extensions: new Dictionary<string, object?> { ["errors"] = new Dictionary<string, string[]> { ["/tenantId"] = [$"'{tenantId}' is not a municipality registered in the network."] } });
    }

    // A 404 is an answer too: the organisation does not exist. Anything else non-2xx means the registry is unwell.
    private static bool IsAnswer(IApiResponse<Organisation> response) =>
        response.IsSuccessful || response.StatusCode == HttpStatusCode.NotFound;

    /// <summary>
    /// A partner acts only as itself: the route's partner must be the organisation in its token. Anyone else's
    /// answer 404, as if they did not exist.
    /// </summary>
    private static TBuilder ForOwnPartner<TBuilder>(this TBuilder endpoints) where TBuilder : IEndpointConventionBuilder =>
        endpoints.AddEndpointFilter(async (context, next) =>
        {
            var partnerId = context.HttpContext.Request.RouteValues["partnerId"] as string;
            if (partnerId is null || partnerId != context.HttpContext.User.OrganisationId())
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Partner not found",
                    detail: $"'{partnerId}' is not a partner you act for.");
            }

            return await next(context);
        });
}
