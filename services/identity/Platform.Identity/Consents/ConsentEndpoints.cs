using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Consents;

/// <summary>Citizens grant and revoke partners' consents; services check them before acting on a partner's request.</summary>
public static class ConsentEndpoints
{
    public sealed record GrantRequest(string? PartnerId, List<string>? FormKeys, DateTimeOffset? ExpiresAt);

    /// <summary>A consent is for a while, not for good: the citizen renews it at least once a year.</summary>
    public static readonly TimeSpan LongestConsent = TimeSpan.FromDays(366);

    public static IEndpointRouteBuilder MapConsents(this IEndpointRouteBuilder routes)
    {
        var tenantConsents = routes.MapGroup("/tenants/{tenantId}/consents").WithTags("Consents").ForTenant();
        tenantConsents.MapPost("/", Grant).RequireAuthorization(Policies.Citizen);
        tenantConsents.MapGet("/check", Check).RequireAuthorization(Policies.ReadConsents);

        var own = routes.MapGroup("/citizens/me/consents").WithTags("Consents").RequireAuthorization(Policies.Citizen);

        own.MapGet("/", async (int? limit, int? offset, ClaimsPrincipal caller, IdentityDb db, HttpContext http, CancellationToken ct) =>
        {
            var citizenId = caller.CitizenId();
            // A citizen's consents span municipalities and this route names none, so the tenant filter (which hides
            // every municipality's rows until a tenant route opens one) is lifted; the citizen id narrows it instead.
            var consents = await db.Consents.IgnoreQueryFilters().Where(c => c.CitizenId == citizenId).OrderByDescending(c => c.GrantedAt).ThenBy(c => c.Id)
                .PageAsync(limit, offset, http, ct);
            return consents.Select(c => c.ToView()).ToList();
        });

        own.MapDelete("/{id:guid}", async Task<Results<Ok<ConsentView>, ProblemHttpResult>> (Guid id, ClaimsPrincipal caller, IdentityDb db, TimeProvider clock, CancellationToken ct) =>
        {
            var citizenId = caller.CitizenId();
            // As above: the consent may be in any municipality, but only ever the caller's own.
            var consent = await db.Consents.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.Id == id && c.CitizenId == citizenId, ct);
            if (consent is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Consent not found", detail: $"You have no consent '{id}'.");
            }

            var now = clock.GetUtcNow();
            if (consent.Revoke(now))
            {
                db.Publish(new ConsentRevoked(consent.Id, consent.CitizenId, consent.PartnerId, consent.TenantId, now), clock);
                await db.SaveChangesAsync(ct);
            }

            return TypedResults.Ok(consent.ToView());
        });

        return routes;
    }

    private static async Task<Results<Created<ConsentView>, ValidationProblem>> Grant(
        string tenantId, GrantRequest request, ClaimsPrincipal caller, IdentityDb db, TimeProvider clock, CancellationToken ct)
    {
        var now = clock.GetUtcNow();
        var errors = new Dictionary<string, string[]>();

        var tenant = await db.Organisations.FindAsync([tenantId], ct);
        if (tenant?.Kind != OrganisationKind.Municipality)
        {
            errors["/tenantId"] = [$"'{tenantId}' is not a municipality registered in the network."];
        }

        if (string.IsNullOrWhiteSpace(request.PartnerId))
        {
            errors["/partnerId"] = ["The partner you let act for you is required."];
        }
        else if ((await db.Organisations.FindAsync([request.PartnerId], ct))?.Kind != OrganisationKind.Partner)
        {
            errors["/partnerId"] = [$"'{request.PartnerId}' is not a partner registered in the network."];
        }

        if (request.FormKeys is not { Count: > 0 })
        {
            errors["/formKeys"] = ["List at least one form the partner may submit for you."];
        }
        else
        {
            foreach (var index in request.FormKeys.Select((key, i) => (key, i)).Where(x => string.IsNullOrWhiteSpace(x.key)).Select(x => x.i))
            {
                errors[$"/formKeys/{index}"] = ["A form key cannot be empty."];
            }
        }

        if (request.ExpiresAt is not { } expiresAt)
        {
            errors["/expiresAt"] = ["When the consent ends is required."];
        }
        else if (expiresAt <= now)
        {
            errors["/expiresAt"] = ["Must be in the future."];
        }
        else if (expiresAt > now + LongestConsent)
        {
            errors["/expiresAt"] = [$"Must be within a year, no later than {now + LongestConsent:O}."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The consent is not valid.");
        }

        var consent = new Consent
        {
            Id = Guid.NewGuid(),
            CitizenId = caller.CitizenId()!,
            PartnerId = request.PartnerId!,
            TenantId = tenantId,
            FormKeys = [.. request.FormKeys!.Distinct()],
            ExpiresAt = request.ExpiresAt!.Value,
            GrantedAt = now,
        };
        db.Consents.Add(consent);
        db.Publish(consent.ToGranted(), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/citizens/me/consents/{consent.Id}", consent.ToView());
    }

    private static async Task<Results<Ok<ConsentCheck>, ValidationProblem>> Check(
        string? partnerId, string? citizenId, string? formKey, IdentityDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (name, value) in new[] { ("partnerId", partnerId), ("citizenId", citizenId), ("formKey", formKey) })
        {
            if (string.IsNullOrWhiteSpace(value))
            {
                errors[name] = [$"The query parameter '{name}' is required."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The consent check is not valid.");
        }

        var now = clock.GetUtcNow();
        // The tenant filter (set by ForTenant) limits this to the municipality in the route.
        var candidates = await db.Consents
            .Where(c => c.PartnerId == partnerId && c.CitizenId == citizenId && c.RevokedAt == null && c.ExpiresAt > now)
            .ToListAsync(ct);
        var granted = candidates.Where(c => c.Allows(formKey!, now)).OrderByDescending(c => c.ExpiresAt).FirstOrDefault();
        return TypedResults.Ok(granted is null ? new ConsentCheck(false, null, null) : new ConsentCheck(true, granted.Id, granted.ExpiresAt));
    }
}
