using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Identity.SignIn;

/// <summary>
/// A stand-in eID for local use and tests: the citizen picks one of a few made-up people and is signed in as them,
/// no questions asked. It runs only when <c>Eid:Test:Enabled</c> is true and the environment is Development;
/// enabled anywhere else, identity refuses to start, since anyone could otherwise become any of these citizens.
/// </summary>
public sealed class TestEid(IAntiforgery antiforgery) : IEidProvider
{
    public const string ProviderId = "test";
    public const string EnabledSetting = "Eid:Test:Enabled";

    public static bool IsEnabled(IConfiguration configuration) => configuration.GetValue<bool>(EnabledSetting);

    /// <summary>Stops the start of a host outside Development whose configuration turns the test eID on, saying which setting does.</summary>
    public static void RefuseOutsideDevelopment(WebApplication app)
    {
        if (!IsEnabled(app.Configuration) || app.Environment.IsDevelopment())
        {
            return;
        }

        var reason = $"{EnabledSetting} is true in the {app.Environment.EnvironmentName} environment: the test eID lets anyone sign in as a made-up citizen, "
            + $"so it runs only in Development. Set {EnabledSetting} to false (and sign citizens in through a real eID).";
        app.Logger.LogCritical("Identity refuses to start: {Reason}", reason);
        throw new InvalidOperationException(reason);
    }

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
