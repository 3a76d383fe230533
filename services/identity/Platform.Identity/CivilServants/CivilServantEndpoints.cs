using System.Net.Mail;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.CivilServants;

/// <summary>
/// A municipality's tenant admins invite who may sign in for it and give and take their roles; the platform admin
/// invites each new municipality's first tenant admin. An invitation's password is one someone else knows, so the
/// invited person must replace it at their first sign-in.
/// </summary>
public static class CivilServantEndpoints
{
    public const int MinimumPasswordLength = 12;

    public static IEndpointRouteBuilder MapCivilServants(this IEndpointRouteBuilder routes)
    {
        var servants = routes.MapGroup("/tenants/{tenantId}/civil-servants")
            .WithTags("Civil servants")
            .RequireAuthorization(Policies.TenantAdmin)
            .ForTenant();

        servants.MapGet("/", async (int? limit, int? offset, IdentityDb db, HttpContext http, CancellationToken ct) =>
        {
            var found = await db.CivilServants.OrderBy(s => s.Email).ThenBy(s => s.Id).PageAsync(limit, offset, http, ct);
            return found.Select(s => s.ToView()).ToList();
        });

        servants.MapPost("/", (string tenantId, StaffInvite request, IdentityDb db, PasswordHasher<CivilServant> passwords, TimeProvider clock, CancellationToken ct) =>
            InviteAsync(tenantId, request, db, passwords, clock, ct));

        servants.MapPut("/{id:guid}/roles", ChangeRoles);

        servants.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string tenantId, Guid id, IdentityDb db, CancellationToken ct) =>
        {
            var servant = await db.CivilServants.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (servant is null)
            {
                return NotFound(tenantId, id);
            }

            if (await IsLastTenantAdminAsync(servant, db, ct))
            {
                return LastTenantAdmin(tenantId, pointer: null);
            }

            db.CivilServants.Remove(servant);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        });

        routes.MapPost("/organisations/{organisationId}/tenant-admins", InviteTenantAdmin)
            .WithTags("Civil servants")
            .RequireAuthorization(Policies.PlatformAdmin);

        return routes;
    }

    /// <summary>A new municipality's first tenant admin (or another one), invited by the platform admin, who has no tenant of their own.</summary>
    private static async Task<Results<Created<StaffInvitation>, ValidationProblem, ProblemHttpResult>> InviteTenantAdmin(
        string organisationId, TenantAdminInvite request, IdentityDb db, PasswordHasher<CivilServant> passwords, TimeProvider clock, CancellationToken ct)
    {
        var organisation = await db.Organisations.FindAsync([organisationId], ct);
        if (organisation is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Organisation not found", detail: $"No organisation '{organisationId}' is registered.");
        }

        if (organisation.Kind != OrganisationKind.Municipality)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not a municipality",
                detail: $"'{organisationId}' is a {organisation.Kind.ToString().ToLowerInvariant()}; only a municipality has civil servants. A partner gets a client instead.");
        }

        return await InviteAsync(organisationId, new StaffInvite(request.Email, request.DisplayName, [Roles.TenantAdmin], request.Password), db, passwords, clock, ct);
    }

    private static async Task<Results<Created<StaffInvitation>, ValidationProblem, ProblemHttpResult>> InviteAsync(
        string tenantId, StaffInvite request, IdentityDb db, PasswordHasher<CivilServant> passwords, TimeProvider clock, CancellationToken ct)
    {
        var errors = Validate(request);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The civil servant is not valid.");
        }

        var email = request.Email!.Trim().ToLowerInvariant();
        // E-mail is the sign-in name across the whole network, so it is unique across municipalities too.
        if (await db.CivilServants.IgnoreQueryFilters().AnyAsync(s => s.Email == email, ct) || await db.PlatformAdministrators.AnyAsync(a => a.Email == email, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "E-mail already in use",
                detail: $"Someone already signs in as '{email}'.", extensions: new Dictionary<string, object?> { ["pointer"] = "/email" });
        }

        var madeUp = request.Password is null ? Convert.ToBase64String(RandomNumberGenerator.GetBytes(18)).Replace('+', '-').Replace('/', '_') : null;
        var servant = new CivilServant
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Email = email,
            DisplayName = request.DisplayName!.Trim(),
            Roles = [.. request.Roles!.Distinct()],
            MustChangePassword = true,
            CreatedAt = clock.GetUtcNow(),
        };
        servant.PasswordHash = passwords.HashPassword(servant, request.Password ?? madeUp!);
        db.CivilServants.Add(servant);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/tenants/{tenantId}/civil-servants/{servant.Id}",
            new StaffInvitation(servant.Id, servant.TenantId, servant.Email, servant.DisplayName, servant.Roles, servant.MustChangePassword, madeUp));
    }

    /// <summary>Sets a civil servant's roles; they hold from the next token they get (a token already issued keeps its roles until it expires).</summary>
    private static async Task<Results<Ok<CivilServantView>, ValidationProblem, ProblemHttpResult>> ChangeRoles(
        string tenantId, Guid id, RoleChange request, IdentityDb db, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        ValidateRoles(request.Roles, errors);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The roles are not valid.");
        }

        var servant = await db.CivilServants.FirstOrDefaultAsync(s => s.Id == id, ct);
        if (servant is null)
        {
            return NotFound(tenantId, id);
        }

        if (!request.Roles!.Contains(Roles.TenantAdmin) && await IsLastTenantAdminAsync(servant, db, ct))
        {
            return LastTenantAdmin(tenantId, "/roles");
        }

        servant.Roles = [.. request.Roles!.Distinct()];
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(servant.ToView());
    }

    /// <summary>A municipality without a tenant admin could manage none of its staff, and only the platform admin could help.</summary>
    private static async Task<bool> IsLastTenantAdminAsync(CivilServant servant, IdentityDb db, CancellationToken ct) =>
        servant.Roles.Contains(Roles.TenantAdmin)
        && !(await db.CivilServants.Where(s => s.Id != servant.Id).Select(s => s.Roles).ToListAsync(ct)).Any(roles => roles.Contains(Roles.TenantAdmin));

    private static ProblemHttpResult LastTenantAdmin(string tenantId, string? pointer) => TypedResults.Problem(
        statusCode: StatusCodes.Status409Conflict, title: "The last tenant admin",
        detail: $"This is {tenantId}'s only tenant admin; make someone else tenant admin first.",
        extensions: pointer is null ? null : new Dictionary<string, object?> { ["pointer"] = pointer });

    private static ProblemHttpResult NotFound(string tenantId, Guid id) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Civil servant not found", detail: $"No civil servant '{id}' works for '{tenantId}'.");

    private static Dictionary<string, string[]> Validate(StaffInvite request)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.Email) || !MailAddress.TryCreate(request.Email.Trim(), out var address) || address.Address != request.Email.Trim())
        {
            errors["/email"] = ["A plain e-mail address such as 'name@municipality.no' is required."];
        }

        if (string.IsNullOrWhiteSpace(request.DisplayName))
        {
            errors["/displayName"] = ["The name shown for this person is required."];
        }

        if (request.Password is not null && request.Password.Length < MinimumPasswordLength)
        {
            errors["/password"] = [$"An initial password has at least {MinimumPasswordLength} characters; leave it out to have one made up."];
        }

        ValidateRoles(request.Roles, errors);
        return errors;
    }

    private static void ValidateRoles(IReadOnlyList<string>? roles, Dictionary<string, string[]> errors)
    {
        if (roles is not { Count: > 0 })
        {
            errors["/roles"] = [$"Give at least one role: {string.Join(", ", Roles.OfCivilServants)}."];
            return;
        }

        foreach (var (role, index) in roles.Select((r, i) => (r, i)).Where(x => !Roles.OfCivilServants.Contains(x.r)))
        {
            errors[$"/roles/{index}"] = [$"'{role}' is not a civil servant's role. Known: {string.Join(", ", Roles.OfCivilServants)}."];
        }
    }
}
