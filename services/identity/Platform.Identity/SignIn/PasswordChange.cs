using System.Security.Claims;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Platform.Identity.CivilServants;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.SignIn;

/// <summary>
/// The step between a sign-in with a password someone else chose (an invitation's, the bootstrap administrator's) and
/// anything else: the authorization endpoint issues no code while the account must change its password, and sends
/// the browser here instead, with the authorization request as the return URL.
/// </summary>
internal static class PasswordChange
{
    public const string Path = "/account/change-password";

    public static IEndpointRouteBuilder MapPasswordChange(this IEndpointRouteBuilder routes)
    {
        var page = routes.MapGroup(Path).AllowAnonymous().ExcludeFromDescription();
        page.MapGet("/", async (string? returnUrl, HttpContext http, IdentityDb db, CancellationToken ct) =>
        {
            if (!Page.IsLocal(returnUrl))
            {
                return BadReturnUrl();
            }

            var account = await SignedInAccountAsync(http, db, ct);
            if (account is null)
            {
                return Results.Redirect(Page.Link(http, "/account/sign-in") + "?returnUrl=" + Uri.EscapeDataString(returnUrl!));
            }

            return account.MustChangePassword ? Form(http, returnUrl!, errors: []) : Results.Redirect(returnUrl!);
        });
        page.MapPost("/", ChangeAsync);
        return routes;
    }

    /// <summary>Where the authorization endpoint sends a session whose account must change its password first; null when it need not.</summary>
    public static async Task<IResult?> RequiredAsync(HttpContext http, ClaimsPrincipal session, IdentityDb db, CancellationToken ct)
    {
        if (await AccountOfAsync(session, db, ct) is not { MustChangePassword: true })
        {
            return null;
        }

        var request = http.Request.PathBase.Add(http.Request.Path) + http.Request.QueryString;
        return Results.Redirect(Page.Link(http, Path) + "?returnUrl=" + Uri.EscapeDataString(request));
    }

    private static async Task<IResult> ChangeAsync(
        HttpContext http, IdentityDb db, IAntiforgery antiforgery, PasswordHasher<CivilServant> servantPasswords,
        PasswordHasher<PlatformAdministrator> adminPasswords, CancellationToken ct)
    {
        if (!http.Request.HasFormContentType)
        {
            return Results.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "A form post is expected",
                detail: "Post the change-password form as application/x-www-form-urlencoded.");
        }

        var form = await http.Request.ReadFormAsync(ct);
        var returnUrl = form["returnUrl"].ToString();
        if (!Page.IsLocal(returnUrl))
        {
            return BadReturnUrl();
        }

        if (!await antiforgery.IsRequestValidAsync(http))
        {
            return Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The change-password form is not valid",
                detail: "The form expired or did not come from this site; sign in again.",
                extensions: new Dictionary<string, object?> { ["field"] = "__RequestVerificationToken" });
        }

        if (await SignedInAccountAsync(http, db, ct) is not { } account)
        {
            return Results.Redirect(Page.Link(http, "/account/sign-in") + "?returnUrl=" + Uri.EscapeDataString(returnUrl));
        }

        var current = form["currentPassword"].ToString();
        var chosen = form["newPassword"].ToString();
        var errors = new Dictionary<string, string>();
        if (!account.Verify(current, servantPasswords, adminPasswords))
        {
            errors["currentPassword"] = "This is not your current password.";
        }

        if (chosen.Length < CivilServantEndpoints.MinimumPasswordLength)
        {
            errors["newPassword"] = $"Choose a password of at least {CivilServantEndpoints.MinimumPasswordLength} characters.";
        }
        else if (chosen == current)
        {
            errors["newPassword"] = "Choose a password other than the one you were given.";
        }

        if (form["confirmPassword"].ToString() != chosen)
        {
            errors["confirmPassword"] = "This is not the same as the new password.";
        }

        if (errors.Count > 0)
        {
            return Form(http, returnUrl, errors, StatusCodes.Status400BadRequest);
        }

        account.Set(chosen, servantPasswords, adminPasswords);
        await db.SaveChangesAsync(ct);
        return Results.Redirect(returnUrl);
    }

    private static IResult Form(HttpContext http, string returnUrl, Dictionary<string, string> errors, int statusCode = StatusCodes.Status200OK)
    {
        string Field(string name, string label, string autocomplete)
        {
            var error = errors.GetValueOrDefault(name);
            var described = error is null ? "" : $""" aria-invalid="true" aria-describedby="{name}-error" """;
            var message = error is null ? "" : $"""<span id="{name}-error" class="error">{Page.Encode(error)}</span>""";
            return $"""<label>{Page.Encode(label)} <input type="password" name="{name}" autocomplete="{autocomplete}" required{described}></label>{message}""";
        }

        var summary = errors.Count == 0 ? "" : """<p role="alert">The password was not changed.</p>""";
        return Page.Render("Choose your own password", $"""
            <p>You signed in with a password someone else gave you. Choose your own before you go on.</p>
            {summary}
            <form method="post" action="{Page.Encode(Page.Link(http, Path))}" id="change-password">
            {Page.AntiforgeryField(http)}
            <input type="hidden" name="returnUrl" value="{Page.Encode(returnUrl)}">
            {Field("currentPassword", "The password you were given", "current-password")}
            {Field("newPassword", $"New password (at least {CivilServantEndpoints.MinimumPasswordLength} characters)", "new-password")}
            {Field("confirmPassword", "New password again", "new-password")}
            <button type="submit">Change password</button>
            </form>
            """, statusCode);
    }

    private static async Task<Account?> SignedInAccountAsync(HttpContext http, IdentityDb db, CancellationToken ct)
    {
        var session = await http.AuthenticateAsync(OpenIdProvider.SessionScheme);
        return session.Succeeded ? await AccountOfAsync(session.Principal, db, ct) : null;
    }

    private static async Task<Account?> AccountOfAsync(ClaimsPrincipal session, IdentityDb db, CancellationToken ct)
    {
        if (session.Party() != Parties.CivilServant || !Guid.TryParse(session.SubjectId(), out var id))
        {
            return null;
        }

        // Sign-in acts for the whole network, before any municipality is chosen: the tenant filter does not apply.
        if (await db.CivilServants.IgnoreQueryFilters().FirstOrDefaultAsync(s => s.Id == id, ct) is { } servant)
        {
            return new Account(servant, null);
        }

        return await db.PlatformAdministrators.FirstOrDefaultAsync(a => a.Id == id, ct) is { } administrator ? new Account(null, administrator) : null;
    }

    private static IResult BadReturnUrl() => Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: "The return URL is not valid",
        detail: "returnUrl must be a path on this site, such as the authorization request that sent you here.",
        extensions: new Dictionary<string, object?> { ["field"] = "returnUrl" });

    /// <summary>Either kind of person who signs in with a password.</summary>
    private sealed record Account(CivilServant? Servant, PlatformAdministrator? Administrator)
    {
        public bool MustChangePassword => Servant?.MustChangePassword ?? Administrator!.MustChangePassword;

        public bool Verify(string password, PasswordHasher<CivilServant> servantPasswords, PasswordHasher<PlatformAdministrator> adminPasswords) =>
            password.Length > 0 && (Servant is not null
                ? servantPasswords.VerifyHashedPassword(Servant, Servant.PasswordHash, password)
                : adminPasswords.VerifyHashedPassword(Administrator!, Administrator!.PasswordHash, password)) != PasswordVerificationResult.Failed;

        public void Set(string password, PasswordHasher<CivilServant> servantPasswords, PasswordHasher<PlatformAdministrator> adminPasswords)
        {
            if (Servant is not null)
            {
                Servant.PasswordHash = servantPasswords.HashPassword(Servant, password);
                Servant.MustChangePassword = false;
            }
            else
            {
                Administrator!.PasswordHash = adminPasswords.HashPassword(Administrator, password);
                Administrator.MustChangePassword = false;
            }
        }
    }
}
