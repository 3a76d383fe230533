namespace Platform.Identity.SignIn;

/// <summary>A citizen as a national eID provider vouched for them; the national id becomes the token's subject.</summary>
public sealed record VerifiedCitizen(string CitizenId, string Name, string Country);

/// <summary>What a provider's callback established: the citizen (null when the sign-in failed or was cancelled) and where to go next.</summary>
public sealed record EidOutcome(VerifiedCitizen? Citizen, string ReturnUrl, string? Error = null);

/// <summary>
/// A national electronic identity a citizen signs in with. This is where BankID, ID-porten or Suomi.fi adapters go:
/// <see cref="BeginAsync"/> sends the browser to the provider (carrying the return URL in its state), and the
/// provider comes back to <c>/account/eid/{Id}/callback</c>, where <see cref="CompleteAsync"/> verifies its answer.
/// </summary>
public interface IEidProvider
{
    /// <summary>A short, URL-safe name, e.g. "bankid-no".</summary>
    string Id { get; }

    string DisplayName { get; }

    Task<IResult> BeginAsync(HttpContext http, string returnUrl, CancellationToken cancellationToken);

    Task<EidOutcome> CompleteAsync(HttpContext http, CancellationToken cancellationToken);
}
