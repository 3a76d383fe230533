using Microsoft.AspNetCore.Authentication;
using Platform.Web.Language;
using Platform.Web.SignIn;

namespace Platform.Web;

/// <summary>The few plain endpoints around the pages: choosing a language and signing out of either side.</summary>
public static class PortalEndpoints
{
    public static IEndpointRouteBuilder MapPortalEndpoints(this IEndpointRouteBuilder routes)
    {
        routes.MapGet("/language/{code}", (string code, string? returnUrl, HttpContext http) =>
        {
            if (Words.IsSupported(code))
            {
                http.Response.Cookies.Append(Words.Cookie, code, new CookieOptions { MaxAge = TimeSpan.FromDays(365), SameSite = SameSiteMode.Lax, HttpOnly = true, Path = "/" });
            }

            return Results.LocalRedirect(IsLocal(returnUrl) ? returnUrl! : "/");
        });

        // The portal's front page is open to all; signing in starts here and comes back to it.
        routes.MapGet("/sign-in", () => Results.Challenge(new AuthenticationProperties { RedirectUri = "/" }, [PortalSignIn.Citizens]));
        routes.MapPost("/sign-out", SignOutOf(PortalSignIn.Citizens, "/"));
        routes.MapPost("/console/sign-out", SignOutOf(PortalSignIn.CivilServants, "/console"));
        return routes;
    }

    /// <summary>
    /// Ends this site's session. The identity service keeps its own sign-in session (it has no end-session endpoint), so
    /// the next sign-in in the same browser may not ask again.
    /// </summary>
    private static Func<HttpContext, Task<IResult>> SignOutOf(string scheme, string home) => async http =>
    {
        await http.SignOutAsync(scheme);
        return Results.LocalRedirect(home);
    };

    private static bool IsLocal(string? url) => !string.IsNullOrEmpty(url) && url.StartsWith('/') && !url.StartsWith("//") && !url.StartsWith("/\\");
}
