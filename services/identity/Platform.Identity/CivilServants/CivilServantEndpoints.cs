using System.Net.Mail;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.CivilServants;

/// <summary>A municipality's tenant admins manage who may sign in for it, and with which roles.</summary>
public static class CivilServantEndpoints
{
    public sealed record NewCivilServant(string? Email, string? DisplayName, string? Password, List<string>? Roles);

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

        servants.MapPost("/", Register);

        servants.MapDelete("/{id:guid}", async Task<Results<NoContent, ProblemHttpResult>> (string tenantId, Guid id, IdentityDb db, CancellationToken ct) =>
        {
            var servant = await db.CivilServants.FirstOrDefaultAsync(s => s.Id == id, ct);
            if (servant is null)
            {
                return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Civil servant not found",
                    detail: $"No civil servant '{id}' works for '{tenantId}'.");
            }

            db.CivilServants.Remove(servant);
            await db.SaveChangesAsync(ct);
            return TypedResults.NoContent();
        });

        return routes;
    }

    private static async Task<Results<Created<CivilServantView>, ValidationProblem, ProblemHttpResult>> Register(
        string tenantId, NewCivilServant request, IdentityDb db, PasswordHasher<CivilServant> passwords, TimeProvider clock, CancellationToken ct)
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

        var servant = new CivilServant
        {
            Id = Guid.NewGuid(),
            TenantId = tenantId,
            Email = email,
            DisplayName = request.DisplayName!.Trim(),
            Roles = [.. request.Roles!.Distinct()],
            CreatedAt = clock.GetUtcNow(),
        };
        servant.PasswordHash = passwords.HashPassword(servant, request.Password!);
        db.CivilServants.Add(servant);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/tenants/{tenantId}/civil-servants/{servant.Id}", servant.ToView());
    }

    private static Dictionary<string, string[]> Validate(NewCivilServant request)
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

        if (request.Password is null || request.Password.Length < MinimumPasswordLength)
        {
            errors["/password"] = [$"A password of at least {MinimumPasswordLength} characters is required."];
        }

        if (request.Roles is not { Count: > 0 })
        {
            errors["/roles"] = [$"Give at least one role: {string.Join(", ", Roles.OfCivilServants)}."];
        }
        else
        {
            foreach (var (role, index) in request.Roles.Select((r, i) => (r, i)).Where(x => !Roles.OfCivilServants.Contains(x.r)))
            {
                errors[$"/roles/{index}"] = [$"'{role}' is not a civil servant's role. Known: {string.Join(", ", Roles.OfCivilServants)}."];
            }
        }

        return errors;
    }
}
