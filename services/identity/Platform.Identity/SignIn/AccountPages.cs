using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.CivilServants;

namespace Platform.Identity.SignIn;

/// <summary>
/// Where the authorization endpoint sends a browser without a session: civil servants sign in with e-mail and
/// password, citizens through an eID provider. Both end in the identity session cookie and a redirect back.
/// </summary>
internal static class AccountPages
{
    public static IEndpointRouteBuilder MapAccountPages(this IEndpointRouteBuilder routes)
    {
        var account = routes.MapGroup("/account").AllowAnonymous().ExcludeFromDescription();

        account.MapGet("/sign-in", (string? returnUrl, HttpContext http, [FromServices] IEnumerable<IEidProvider> providers) =>
            !Page.IsLocal(returnUrl) ? BadReturnUrl() : SignInPage(http, returnUrl!, providers, error: null));

        account.MapPost("/sign-in", SignInCivilServant);

        account.MapGet("/eid/{provider}", async (string provider, string? returnUrl, HttpContext http, [FromServices] IEnumerable<IEidProvider> providers, CancellationToken ct) =>
        {
            if (providers.FirstOrDefault(p => p.Id == provider) is not { } eid)
            {
                return UnknownProvider(provider);
            }

            return !Page.IsLocal(returnUrl) ? BadReturnUrl() : await eid.BeginAsync(http, returnUrl!, ct);
        });

        account.MapMethods("/eid/{provider}/callback", [HttpMethods.Get, HttpMethods.Post],
            async (string provider, HttpContext http, [FromServices] IEnumerable<IEidProvider> providers, CancellationToken ct) =>
            {
                if (providers.FirstOrDefault(p => p.Id == provider) is not { } eid)
                {
                    return UnknownProvider(provider);
                }

                var outcome = await eid.CompleteAsync(http, ct);
                if (outcome.Citizen is not { } citizen)
                {
                    return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The eID sign-in did not succeed", detail: outcome.Error);
                }

                if (!Page.IsLocal(outcome.ReturnUrl))
                {
                    return BadReturnUrl();
                }

                var identity = PlatformIdentities.Citizen(OpenIdProvider.SessionScheme, citizen.CitizenId, citizen.Name);
                await http.SignInAsync(OpenIdProvider.SessionScheme, new ClaimsPrincipal(identity));
                return Results.Redirect(outcome.ReturnUrl);
            });

        return routes;
    }

    private static async Task<IResult> SignInCivilServant(
        HttpContext http, IdentityDb db, IAntiforgery antiforgery, PasswordHasher<CivilServant> servantPasswords,
        PasswordHasher<PlatformAdministrator> adminPasswords, [FromServices] IEnumerable<IEidProvider> providers, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "A form post is expected",
                detail: "Post the sign-in form as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        if (!Page.IsLocal(returnUrl))
        {
            return BadReturnUrl();
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The sign-in form is not valid",
                detail: "The form expired or did not come from this site; open the sign-in page again.",
                extensions: new Dictionary<string, object?> { ["field"] = "__RequestVerificationToken" });
        }

        var email = form["email"].ToString().Trim().ToLowerInvariant();
        var password = form["password"].ToString();
        var identity = await VerifyAsync(email, password, db, servantPasswords, adminPasswords, ct);
        if (identity is null)
        {
            return SignInPage(http, returnUrl, providers, "Wrong e-mail or password.", StatusCodes.Status400BadRequest);
        }

        await http.SignInAsync(OpenIdProvider.SessionScheme, new ClaimsPrincipal(identity));
        return Results.Redirect(returnUrl);
    }

    private static async Task<ClaimsIdentity?> VerifyAsync(
        string email, string password, IdentityDb db, PasswordHasher<CivilServant> servantPasswords,
        PasswordHasher<PlatformAdministrator> adminPasswords, CancellationToken ct)
    {
        if (email.Length == 0 || password.Length == 0)
        {
            return null;
        }

        // Sign-in comes before any municipality is chosen: look in all of them.
        var servant = await db.CivilServants.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Email == email, ct);
        if (servant is not null)
        {
            return servantPasswords.VerifyHashedPassword(servant, servant.PasswordHash, password) == PasswordVerificationResult.Failed
                ? null
                : PlatformIdentities.CivilServant(OpenIdProvider.SessionScheme, servant);
        }

        var administrator = await db.PlatformAdministrators.FirstOrDefaultAsync(a => a.Email == email, ct);
        return administrator is null || adminPasswords.VerifyHashedPassword(administrator, administrator.PasswordHash, password) == PasswordVerificationResult.Failed
            ? null
            : PlatformIdentities.PlatformAdministrator(OpenIdProvider.SessionScheme, administrator);
    }

    private static IResult SignInPage(HttpContext http, string returnUrl, [FromServices] IEnumerable<IEidProvider> providers, string? error, int statusCode = StatusCodes.Status200OK)
    {
        var eids = string.Concat(providers.Select(p =>
            $"""<li><a id="eid-{Page.Encode(p.Id)}" href="{Page.Encode(Page.Link(http, $"/account/eid/{p.Id}") + "?returnUrl=" + Uri.EscapeDataString(returnUrl))}">{Page.Encode(p.DisplayName)}</a></li>"""));
        var message = error is null ? "" : $"""<p role="alert">{Page.Encode(error)}</p>""";
        return Page.Render("Sign in", $"""
            <h2>Citizens</h2>
            <p>Sign in with your national electronic ID:</p>
            <ul>{eids}</ul>
            <h2>Municipality staff</h2>
            {message}
            <form method="post" action="{Page.Encode(Page.Link(http, "/account/sign-in"))}" id="civil-servant">
            {Page.AntiforgeryField(http)}
            <input type="hidden" name="returnUrl" value="{Page.Encode(returnUrl)}">
            <label>E-mail <input type="email" name="email" autocomplete="username" required></label>
            <label>Password <input type="password" name="password" autocomplete="current-password" required></label>
            <button type="submit">Sign in</button>
            </form>
            """, statusCode);
    }

    private static IResult BadReturnUrl() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The return URL is not valid",
        detail: "returnUrl must be a path on this site, such as the authorization request that sent you here.",
        extensions: new Dictionary<string, object?> { ["field"] = "returnUrl" });

    private static IResult UnknownProvider(string provider) => Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Unknown eID provider",
        detail: $"No eID provider '{provider}' is enabled here.", extensions: new Dictionary<string, object?> { ["field"] = "provider" });
}
