using System.Net;
using System.Text;
using Platform.MailSink;

// SMTP on 127.0.0.1:Smtp:Port (2525 unless configured); the received e-mails on the web address ASPNETCORE_URLS names.
var builder = WebApplication.CreateSlimBuilder(args);
var sink = MailSink.Start(builder.Configuration.GetValue("Smtp:Port", 2525));
builder.Services.AddSingleton(sink);
builder.Services.AddHealthChecks();

var app = builder.Build();
app.Lifetime.ApplicationStopping.Register(() => sink.DisposeAsync().AsTask().GetAwaiter().GetResult());

app.MapHealthChecks("/health/ready");
app.MapGet("/messages", () => sink.Messages.Reverse());
app.MapGet("/messages/{id:guid}", (Guid id) =>
    sink.Messages.FirstOrDefault(m => m.Id == id) is { } mail ? Results.Ok(mail) : Results.Problem(statusCode: 404, title: "No such message"));
app.MapGet("/messages/{id:guid}/raw", (Guid id) =>
    sink.Messages.FirstOrDefault(m => m.Id == id) is { } mail ? Results.File(mail.Raw, "message/rfc822", $"{id}.eml") : Results.Problem(statusCode: 404, title: "No such message"));
app.MapDelete("/messages", () =>
{
    sink.Clear();
    return Results.NoContent();
});
app.MapGet("/", () => Results.Content(Page(sink.Messages.Reverse().ToList(), sink.Port), "text/html; charset=utf-8"));

await app.RunAsync();

static string Page(IReadOnlyList<ReceivedMail> messages, int smtpPort)
{
    var html = new StringBuilder($"""
        <!doctype html>
        <html lang="en"><head><meta charset="utf-8"><meta http-equiv="refresh" content="5">
        <title>Mail sink ({messages.Count})</title>
        <style>body{"{"}font-family:system-ui,sans-serif;margin:2rem;max-width:60rem{"}"} article{"{"}border-top:1px solid #ccc;padding:.5rem 0{"}"}
        pre{"{"}white-space:pre-wrap;background:#f6f6f6;padding:.5rem{"}"} small{"{"}color:#666{"}"}</style></head>
        <body><h1>Mail sink</h1>
        <p>Every e-mail sent to SMTP 127.0.0.1:{smtpPort}, newest first; nothing is relayed. JSON: <a href="/messages">/messages</a>. This page refreshes itself.</p>
        """);
    if (messages.Count == 0)
    {
        html.Append("<p><em>Nothing received yet.</em></p>");
    }

    foreach (var mail in messages)
    {
        html.Append($"""
            <article><h2>{Encode(mail.Subject)}</h2>
            <small>{mail.ReceivedAt:u} · from {Encode(mail.From)} · to {Encode(string.Join(", ", mail.EnvelopeTo))} · <a href="/messages/{mail.Id}/raw">raw</a></small>
            <pre>{Encode(mail.TextBody ?? mail.HtmlBody ?? "")}</pre></article>
            """);
    }

    return html.Append("</body></html>").ToString();
}

static string Encode(string text) => WebUtility.HtmlEncode(text);
