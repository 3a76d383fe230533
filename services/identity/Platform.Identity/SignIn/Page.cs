using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Antiforgery;

namespace Platform.Identity.SignIn;

/// <summary>
/// The sign-in pages are plain server-rendered HTML: every value written into them goes through the HTML encoder,
/// every form carries an antiforgery token, and every link keeps the path base, so the pages work behind the
/// gateway's /api/identity prefix as well as directly.
/// </summary>
internal static class Page
{
    public static string Encode(string value) => HtmlEncoder.Default.Encode(value);

    /// <summary>An absolute path on this service as the browser reaches it (with the gateway's prefix, if any).</summary>
    public static string Link(HttpContext http, string path) => http.Request.PathBase.Add(path).Value ?? path;

    public static string AntiforgeryField(HttpContext http)
    {
        var tokens = http.RequestServices.GetRequiredService<IAntiforgery>().GetAndStoreTokens(http);
        return $"""<input type="hidden" name="{Encode(tokens.FormFieldName)}" value="{Encode(tokens.RequestToken ?? "")}">""";
    }

    public static IResult Render(string title, string body, int statusCode = StatusCodes.Status200OK) => Results.Content($"""
        <!doctype html>
        <html lang="en">
        <head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>{Encode(title)}</title></head>
        <body>
        <main>
        <h1>{Encode(title)}</h1>
        {body}
        </main>
        </body>
        </html>
        """, "text/html; charset=utf-8", statusCode: statusCode);

    /// <summary>
    /// Only a path on this host may follow a sign-in: anything else (another origin, a scheme-relative //host)
    /// would make the sign-in page an open redirector.
    /// </summary>
    public static bool IsLocal(string? url) =>
        !string.IsNullOrEmpty(url) && url[0] == '/' && (url.Length == 1 || (url[1] != '/' && url[1] != '\\'));
}
