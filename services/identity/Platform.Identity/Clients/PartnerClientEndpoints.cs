using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.HttpResults;
using OpenIddict.Abstractions;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Clients;

/// <summary>
/// The platform admin gives a registered partner its client-credentials client: the secret is made here and shown
/// once, in the answer that issues or rotates it (only its hash is stored); revoking deletes the client, so no new
/// token is issued for it (tokens already issued run out within the access-token lifetime).
/// </summary>
public static class PartnerClientEndpoints
{
    /// <summary>What a partner may be granted; the services' own scopes (consents.read, organisations.read, forms.read) are not among them.</summary>
    public static readonly IReadOnlyList<string> PartnerScopes = [Scopes.FormsSubmit, Scopes.CasesRead, Scopes.WebhooksManage, Scopes.DataWrite];

    public static string ClientIdOf(string partnerId) => $"{partnerId}-client";

    public static IEndpointRouteBuilder MapPartnerClients(this IEndpointRouteBuilder routes)
    {
        var clients = routes.MapGroup("/organisations/{partnerId}/clients").WithTags("Partner clients").RequireAuthorization(Policies.PlatformAdmin);
        clients.MapGet("/", List);
        clients.MapPost("/", Issue);
        clients.MapPost("/{clientId}/secret", Rotate);
        clients.MapDelete("/{clientId}", Revoke);
        return routes;
    }

    private static async Task<Results<Ok<List<PartnerClient>>, ProblemHttpResult>> List(
        string partnerId, IdentityDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        if (await PartnerProblemAsync(partnerId, db, ct) is { } problem)
        {
            return problem;
        }

        var client = await applications.FindByClientIdAsync(ClientIdOf(partnerId), ct);
        return TypedResults.Ok(client is null ? [] : new List<PartnerClient> { await DescribeAsync(partnerId, client, applications, ct) });
    }

    private static async Task<Results<Created<IssuedPartnerClient>, ValidationProblem, ProblemHttpResult>> Issue(
        string partnerId, PartnerClientRequest request, IdentityDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        if (await PartnerProblemAsync(partnerId, db, ct) is { } problem)
        {
            return problem;
        }

        var errors = new Dictionary<string, string[]>();
        if (request.Scopes is not { Count: > 0 })
        {
            errors["/scopes"] = [$"Give at least one scope: {string.Join(", ", PartnerScopes)}."];
        }
        else
        {
            foreach (var (scope, index) in request.Scopes.Select((s, i) => (s, i)).Where(x => !PartnerScopes.Contains(x.s)))
            {
                errors[$"/scopes/{index}"] = [$"'{scope}' is not a partner's scope. Known: {string.Join(", ", PartnerScopes)}."];
            }
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The client is not valid.");
        }

        var clientId = ClientIdOf(partnerId);
        if (await applications.FindByClientIdAsync(clientId, ct) is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The partner has a client",
                detail: $"'{partnerId}' already has the client '{clientId}'; rotate its secret, or revoke it and issue a new one.");
        }

        var organisation = (await db.Organisations.FindAsync([partnerId], ct))!;
        var scopes = request.Scopes!.Distinct().ToList();
        var secret = NewSecret();
        await applications.CreateAsync(ClientDescriptors.Machine(clientId, secret, organisation.Name, Parties.Partner, partnerId, scopes), ct);
        return TypedResults.Created($"/organisations/{partnerId}/clients/{clientId}", new IssuedPartnerClient(clientId, partnerId, scopes, secret));
    }

    private static async Task<Results<Ok<IssuedPartnerClient>, ProblemHttpResult>> Rotate(
        string partnerId, string clientId, IdentityDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        if (await PartnerProblemAsync(partnerId, db, ct) is { } problem)
        {
            return problem;
        }

        if (clientId != ClientIdOf(partnerId) || await applications.FindByClientIdAsync(clientId, ct) is not { } client)
        {
            return ClientNotFound(partnerId, clientId);
        }

        var secret = NewSecret();
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client, ct);
        descriptor.ClientSecret = secret;
        await applications.UpdateAsync(client, descriptor, ct);
        var described = await DescribeAsync(partnerId, client, applications, ct);
        return TypedResults.Ok(new IssuedPartnerClient(clientId, partnerId, described.Scopes, secret));
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Revoke(
        string partnerId, string clientId, IdentityDb db, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        if (await PartnerProblemAsync(partnerId, db, ct) is { } problem)
        {
            return problem;
        }

        if (clientId != ClientIdOf(partnerId) || await applications.FindByClientIdAsync(clientId, ct) is not { } client)
        {
            return ClientNotFound(partnerId, clientId);
        }

        await applications.DeleteAsync(client, ct);
        return TypedResults.NoContent();
    }

    private static async Task<PartnerClient> DescribeAsync(string partnerId, object client, IOpenIddictApplicationManager applications, CancellationToken ct)
    {
        var descriptor = new OpenIddictApplicationDescriptor();
        await applications.PopulateAsync(descriptor, client, ct);
        return new PartnerClient(descriptor.ClientId!, partnerId, [.. ClientDescriptors.ScopesOf(descriptor)]);
    }

    private static async Task<ProblemHttpResult?> PartnerProblemAsync(string partnerId, IdentityDb db, CancellationToken ct)
    {
        var organisation = await db.Organisations.FindAsync([partnerId], ct);
        if (organisation is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Organisation not found", detail: $"No organisation '{partnerId}' is registered.");
        }

        return organisation.Kind == OrganisationKind.Partner ? null : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict,
            title: "Not a partner", detail: $"'{partnerId}' is a {organisation.Kind.ToString().ToLowerInvariant()}; only a partner gets a client. A municipality gets tenant admins instead.");
    }

    private static ProblemHttpResult ClientNotFound(string partnerId, string clientId) => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound,
        title: "Client not found", detail: $"'{partnerId}' has no client '{clientId}'.");

    private static string NewSecret() => Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}
