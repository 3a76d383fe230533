using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Organisations;

/// <summary>The public registry of the network's members.</summary>
public static partial class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder routes)
    {
        var organisations = routes.MapGroup("/organisations").WithTags("Organisations");

        organisations.MapGet("/", async (OrganisationKind? kind, int? limit, int? offset, IdentityDb db, HttpContext http, CancellationToken ct) =>
        {
            var query = db.Organisations.AsQueryable();
            if (kind is { } k)
            {
                query = query.Where(o => o.Kind == k);
            }

            var found = await query.OrderBy(o => o.Id).PageAsync(limit, offset, http, ct);
            return found.Select(o => o.ToContract()).ToList();
        });

        organisations.MapGet("/{id}", async Task<Results<Ok<Organisation>, ProblemHttpResult>> (string id, IdentityDb db, CancellationToken ct) =>
        {
            var organisation = await db.Organisations.FindAsync([id], ct);
            return organisation is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Organisation not found", detail: $"No organisation '{id}' is registered.")
                : TypedResults.Ok(organisation.ToContract());
        });

        organisations.MapPost("/", Register).RequireAuthorization(Policies.PlatformAdmin);

        return routes;
    }

    private static async Task<Results<Created<Organisation>, ValidationProblem, ProblemHttpResult>> Register(
        OrganisationRegistration request, IdentityDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Id is null || !Slug().IsMatch(request.Id))
        {
            errors["/id"] = ["A slug of 2-64 lower-case letters, digits and single hyphens, e.g. 'ostvik' or 'nordbank'; it becomes the tenant id in URLs."];
        }

        if (string.IsNullOrWhiteSpace(request.Name) || request.Name.Trim().Length > 200)
        {
            errors["/name"] = ["A name of at most 200 characters is required."];
        }

        if (request.Kind is null)
        {
            errors["/kind"] = [$"Required: {string.Join(" or ", Enum.GetNames<OrganisationKind>())}."];
        }

        if (request.Country is null || !CountryCode().IsMatch(request.Country))
        {
            errors["/country"] = ["An ISO 3166-1 alpha-2 country code in capitals, e.g. 'NO' or 'SE'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The organisation is not valid.");
        }

        if (await db.Organisations.AnyAsync(o => o.Id == request.Id, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Organisation already registered",
                detail: $"'{request.Id}' is already registered.", extensions: new Dictionary<string, object?> { ["pointer"] = "/id" });
        }

        var organisation = new RegisteredOrganisation
        {
            Id = request.Id!,
            Name = request.Name!.Trim(),
            Kind = request.Kind!.Value,
            Country = request.Country!,
            RegisteredAt = clock.GetUtcNow(),
        };
        db.Organisations.Add(organisation);
        db.Publish(new OrganisationRegistered(organisation.Id, organisation.Name, organisation.Kind, organisation.Country, organisation.RegisteredAt), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/organisations/{organisation.Id}", organisation.ToContract());
    }

    [GeneratedRegex("^(?=.{2,64}$)[a-z0-9]+(-[a-z0-9]+)*$")]
    private static partial Regex Slug();

    [GeneratedRegex("^[A-Z]{2}$")]
    private static partial Regex CountryCode();
}
