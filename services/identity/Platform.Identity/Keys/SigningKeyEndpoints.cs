using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Keys;

/// <summary>Rotating the token signing key; for platform admins.</summary>
public static class SigningKeyEndpoints
{
    /// <summary>The body of <c>POST /signing-keys/rotation</c>; optional.</summary>
    /// <param name="RetirePrevious">The previous key leaked: withdraw it now instead of after one access-token lifetime.</param>
    public sealed record RotationRequest(bool RetirePrevious = false);

    public static IEndpointRouteBuilder MapSigningKeys(this IEndpointRouteBuilder routes)
    {
        var keys = routes.MapGroup("/signing-keys").WithTags("Signing keys").RequireAuthorization(Policies.PlatformAdmin);

        keys.MapGet("/", async (int? limit, int? offset, SigningKeyRing ring, HttpContext http, CancellationToken ct) =>
            (await ring.ListAsync(ct)).Page(limit, offset, http));

        keys.MapPost("/rotation", async (RotationRequest? request, SigningKeyRing ring, CancellationToken ct) =>
            TypedResults.Ok(await ring.RotateAsync(request?.RetirePrevious ?? false, ct)));

        return routes;
    }
}
