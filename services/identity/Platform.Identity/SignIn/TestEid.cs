using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Identity.SignIn;

/// <summary>
/// A stand-in eID for local use and tests: the citizen picks one of a few made-up people and is signed in as them,
/// no questions asked. Enabled by <c>Eid:Test:Enabled</c>; production configuration leaves it off, since anyone
/// could otherwise become any of these citizens.
/// </summary>
public sealed class TestEid(IAntiforgery antiforgery) : IEidProvider
{
    public const string ProviderId = "test";

    public static readonly IReadOnlyList<VerifiedCitizen> People =
    [
        new("citizen-kari", "Kari Nordmann", "NO"),
        new("citizen-ola", "Ola Nordmann", "NO"),
        new("citizen-anna", "Anna Svensson", "SE"),
    ];

    public string Id => ProviderId;

    public string DisplayName => "Test eID (made-up people)";

    public Task<IResult> BeginAsync(HttpContext http, string returnUrl, CancellationToken cancellationToken)
    {
        var callback = Page.Link(http, $"/account/eid/{ProviderId}/callback");
        var choices = string.Concat(People.Select(person => $"""
            <form method="post" action="{Page.Encode(callback)}" id="citizen-{Page.Encode(person.CitizenId)}">
            {Page.AntiforgeryField(http)}
            <input type="hidden" name="citizenId" value="{Page.Encode(person.CitizenId)}">
            <input type="hidden" name="returnUrl" value="{Page.Encode(returnUrl)}">
            <button type="submit">{Page.Encode(person.Name)} ({Page.Encode(person.Country)})</button>
            </form>
            """));
        return Task.FromResult(Page.Render("Test eID: who are you?", $"<p>Pick a test person to sign in as.</p>\n{choices}"));
    }

    public async Task<EidOutcome> CompleteAsync(HttpContext http, CancellationToken cancellationToken)
    {
        if (!http.Request.HasFormContentType)
        {
            return new EidOutcome(null, "", "The test eID answers with a form post.");
        }

        var form = await http.Request.ReadFormAsync(cancellationToken);
        var returnUrl = form["returnUrl"].ToString();
        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return new EidOutcome(null, returnUrl, "The form expired or did not come from this site; start the sign-in again.");
        }

        var person = People.FirstOrDefault(p => p.CitizenId == form["citizenId"].ToString());
        return person is null
            ? new EidOutcome(null, returnUrl, $"'{form["citizenId"]}' is not one of the test people.")
            : new EidOutcome(person, returnUrl);
    }
}
