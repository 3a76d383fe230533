using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Web.Pages;

/// <summary>The front page: what the portal is, signing in, and the municipalities of the network to choose from.</summary>
[AllowAnonymous]
public sealed class IndexModel(IOrganisationsApi organisations) : PortalPage
{
    public IReadOnlyList<Organisation> Municipalities { get; private set; } = [];

    public bool SignedIn { get; private set; }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var session = await HttpContext.AuthenticateAsync(Platform.Web.SignIn.PortalSignIn.Citizens);
        if (session.Succeeded && !session.Principal.IsCitizen())
        {
            // Signed in here, but not with eID: say so rather than offer the sign-in again.
            return Redirect("/access-denied");
        }

        SignedIn = session.Succeeded;
        if (SignedIn)
        {
            HttpContext.User = session.Principal!;
            var found = await organisations.ListAsync(OrganisationKind.Municipality, ct);
            Municipalities = Succeeded(found) ? found.Content! : [];
        }

        return Page();
    }
}
