using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Partners;
using Platform.Contracts.Identity;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Agreements;

/// <summary>
/// A partner applies to a municipality to act as its channel; the municipality's tenant admin approves (naming what it
/// grants), amends or terminates. A partner reads its own agreements across municipalities; an admin those of its own.
/// </summary>
public static class AgreementEndpoints
{
    /// <summary>What a tenant admin grants: each list may be narrower than the application's.</summary>
    public sealed record AgreementDecision(List<string>? FormKeys, List<string>? EventTypes, List<string>? DataSchemas);

    public static IEndpointRouteBuilder MapAgreements(this IEndpointRouteBuilder routes)
    {
        var partner = routes.MapPartner("/agreements").WithTags("Agreements");
        partner.MapPost("/", Apply);
        partner.MapGet("/", async (string partnerId, int? limit, int? offset, ChannelsDb db, HttpContext http, CancellationToken ct) =>
            (await db.Agreements.IgnoreQueryFilters().Where(a => a.PartnerId == partnerId).OrderByDescending(a => a.AppliedAt).ThenBy(a => a.Id)
                .PageAsync(limit, offset, http, ct)).Select(View).ToList());

        var tenant = routes.MapGroup("/tenants/{tenantId}/agreements").WithTags("Agreements").RequireAuthorization(Policies.TenantAdmin).ForTenant();
        tenant.MapGet("/", async (int? limit, int? offset, ChannelsDb db, HttpContext http, CancellationToken ct) =>
            (await db.Agreements.OrderByDescending(a => a.AppliedAt).ThenBy(a => a.Id).PageAsync(limit, offset, http, ct)).Select(View).ToList());
        tenant.MapPost("/{agreementId:guid}/approval", Approve);
        tenant.MapPost("/{agreementId:guid}/termination", Terminate);
        return routes;
    }

    private static async Task<Results<Created<Agreement>, ValidationProblem, ProblemHttpResult>> Apply(
        string partnerId, AgreementApplication application, ChannelsDb db, IOrganisationsApi organisations, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(application.FormKeys, application.EventTypes, application.DataSchemas);
        if (string.IsNullOrWhiteSpace(application.TenantId))
        {
            errors["/tenantId"] = ["Name the municipality you apply to."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The application is not valid.");
        }

        if (await organisations.CheckMembersAsync(partnerId, application.TenantId!, ct) is { } refusal)
        {
            return refusal;
        }

        if (await db.Agreements.IgnoreQueryFilters().AnyAsync(a => a.TenantId == application.TenantId && a.PartnerId == partnerId
                && a.Status != AgreementStatus.Terminated, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Agreement exists",
                detail: $"'{partnerId}' already has a pending or approved agreement with '{application.TenantId}'; the municipality amends it.");
        }

        var agreement = new ChannelAgreement
        {
            PartnerId = partnerId,
            TenantId = application.TenantId!,
            FormKeys = Distinct(application.FormKeys),
            EventTypes = Distinct(application.EventTypes),
            DataSchemas = Distinct(application.DataSchemas),
            Purpose = application.Purpose,
            AppliedAt = clock.GetUtcNow(),
        };
        db.Agreements.Add(agreement);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/partners/{partnerId}/agreements/{agreement.Id}", View(agreement));
    }

    private static async Task<Results<Ok<Agreement>, ValidationProblem, ProblemHttpResult>> Approve(
        Guid agreementId, AgreementDecision decision, ClaimsPrincipal admin, ChannelsDb db, TimeProvider clock, CancellationToken ct)
    {
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct);
        if (agreement is null || agreement.Status == AgreementStatus.Terminated)
        {
            return NotFound(agreementId);
        }

        var errors = Validate(decision.FormKeys, decision.EventTypes, decision.DataSchemas);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The approval is not valid.");
        }

        agreement.Approve(Distinct(decision.FormKeys), Distinct(decision.EventTypes), Distinct(decision.DataSchemas), admin.SubjectId()!, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(agreement));
    }

    private static async Task<Results<Ok<Agreement>, ProblemHttpResult>> Terminate(Guid agreementId, ClaimsPrincipal admin, ChannelsDb db, TimeProvider clock, CancellationToken ct)
    {
        var agreement = await db.Agreements.FirstOrDefaultAsync(a => a.Id == agreementId, ct);
        if (agreement is null)
        {
            return NotFound(agreementId);
        }

        agreement.Terminate(admin.SubjectId()!, clock.GetUtcNow());
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(View(agreement));
    }

    private static ProblemHttpResult NotFound(Guid agreementId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Agreement not found", detail: $"This municipality has no open agreement {agreementId}.");

    private static Dictionary<string, string[]> Validate(List<string>? formKeys, List<string>? eventTypes, List<string>? dataSchemas)
    {
        var errors = new Dictionary<string, string[]>();
        if ((formKeys?.Count ?? 0) + (eventTypes?.Count ?? 0) + (dataSchemas?.Count ?? 0) == 0)
        {
            errors["/formKeys"] = ["Name at least one form, event type or data schema."];
        }

        foreach (var (_, index) in (formKeys ?? []).Select((k, i) => (k, i)).Where(x => string.IsNullOrWhiteSpace(x.k)))
        {
            errors[$"/formKeys/{index}"] = ["A form key is required."];
        }

        foreach (var (_, index) in (dataSchemas ?? []).Select((k, i) => (k, i)).Where(x => string.IsNullOrWhiteSpace(x.k)))
        {
            errors[$"/dataSchemas/{index}"] = ["A data schema key is required."];
        }

        foreach (var (type, index) in (eventTypes ?? []).Select((t, i) => (t, i)).Where(x => !WebhookEventTypes.Subscribable.Contains(x.t)))
        {
            errors[$"/eventTypes/{index}"] = [$"Unknown event type '{type}'. Known: {string.Join(", ", WebhookEventTypes.Subscribable)}."];
        }

        return errors;
    }

    private static List<string> Distinct(List<string>? values) => (values ?? []).Distinct().ToList();

    private static Agreement View(ChannelAgreement a) =>
        new(a.Id, a.PartnerId, a.TenantId, a.Status.ToString(), a.FormKeys, a.EventTypes, a.DataSchemas, a.Purpose, a.AppliedAt, a.DecidedAt);
}
