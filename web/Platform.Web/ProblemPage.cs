using System.Net;
using Platform.Web.Language;

namespace Platform.Web;

/// <summary>A failure as a person sees it: a short HTML page in their language, with the problem's title and detail and a way back.</summary>
internal sealed class ProblemPage : IProblemDetailsWriter
{
    public bool CanWrite(ProblemDetailsContext context) =>
        context.HttpContext.Request.Headers.Accept.Any(accept => accept?.Contains("text/html", StringComparison.OrdinalIgnoreCase) == true);

    public async ValueTask WriteAsync(ProblemDetailsContext context)
    {
        var http = context.HttpContext;
        var words = http.RequestServices.GetRequiredService<Words>();
        var title = WebUtility.HtmlEncode(context.ProblemDetails.Title ?? words["site.error"]);
        var detail = WebUtility.HtmlEncode(context.ProblemDetails.Detail ?? "");
        http.Response.ContentType = "text/html; charset=utf-8";
        await http.Response.WriteAsync($"""
            <!DOCTYPE html>
            <html lang="{words.Current}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
            <title>{title}</title><link rel="stylesheet" href="/portal-assets/site.css"></head>
            <body><main id="main"><h1>{title}</h1><p>{detail}</p><p><a href="/">{WebUtility.HtmlEncode(words["site.toportal"])}</a></p></main></body></html>
            """);
    }
}
