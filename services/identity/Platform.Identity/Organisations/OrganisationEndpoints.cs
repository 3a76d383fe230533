using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;

namespace Platform.Identity.Organisations;

/// <summary>The public registry of the network's members.</summary>
public static class OrganisationEndpoints
{
    public static IEndpointRouteBuilder MapOrganisations(this IEndpointRouteBuilder routes)
    {
        var organisations = routes.MapGroup("/organisations").WithTags("Organisations");

        organisations.MapGet("/", async (OrganisationKind? kind, IdentityDb db, CancellationToken ct) =>
        {
            var query = db.Organisations.AsQueryable();
            if (kind is { } k)
            {
                query = query.Where(o => o.Kind == k);
            }

            var found = await query.OrderBy(o => o.Id).ToListAsync(ct);
            return found.Select(o => o.ToContract()).ToList();
        });

        organisations.MapGet("/{id}", async Task<Results<Ok<Organisation>, ProblemHttpResult>> (string id, IdentityDb db, CancellationToken ct) =>
        {
            var organisation = await db.Organisations.FindAsync([id], ct);
            return organisation is null
                ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Organisation not found", detail: $"No organisation '{id}' is registered.")
                : TypedResults.Ok(organisation.ToContract());
        });

        return routes;
    }
}
