using System.Text;
using System.Text.Json;
using Platform.PartnerAdapter;
using Platform.Partners.Sdk;
using Refit;

var builder = WebApplication.CreateBuilder(args);

builder.Services.AddProblemDetails();
builder.Services.AddSingleton<ReceivedEvents>();
builder.Services.AddSingleton(TimeProvider.System);
builder.Services.AddPartnerChannelsClient(options => builder.Configuration.GetSection("Platform").Bind(options));
// Every secret in use: the one from the subscription's answer, plus the previous one while a rotation overlaps.
builder.Services.AddSingleton(new WebhookVerifier(builder.Configuration.GetSection("Webhooks:Secrets").Get<string[]>() is { Length: > 0 } secrets
    ? secrets
    : throw new InvalidOperationException("Set Webhooks:Secrets (Webhooks__Secrets__0=whsec_...) to the secret the subscription was created with.")));

var app = builder.Build();
var partnerId = app.Configuration["Platform:PartnerId"] ?? throw new InvalidOperationException("Set Platform:PartnerId.");

app.UseExceptionHandler();
app.UseStatusCodePages();

// The platform's webhooks: verify the Standard Webhooks signature over the raw body before believing a byte of it.
app.MapPost("/webhooks", async (HttpRequest request, WebhookVerifier verifier, ReceivedEvents received, TimeProvider clock, ILogger<ReceivedEvents> log) =>
{
    using var reader = new StreamReader(request.Body, Encoding.UTF8);
    var body = await reader.ReadToEndAsync();
    var verification = verifier.Verify(header => request.Headers[header].FirstOrDefault(), body);
    if (!verification.IsValid)
    {
        return Results.Problem(statusCode: StatusCodes.Status401Unauthorized, title: "Signature not valid", detail: verification.Failure);
    }

    using var cloudEvent = JsonDocument.Parse(body);
    var root = cloudEvent.RootElement;
    var type = root.GetProperty("type").GetString()!;
    var data = root.TryGetProperty("data", out var d) ? d.Clone() : default;
    if (type == WebhookEventTypes.Verification)
    {
        // Echoing the challenge is what activates the subscription.
        return Results.Ok(new { challenge = data.GetProperty("challenge").GetString() });
    }

    var webhookId = request.Headers[WebhookSignature.IdHeader].ToString();
    var subject = root.TryGetProperty("subject", out var s) ? s.GetString() : null;
    if (received.Add(new ReceivedEvent(webhookId, type, subject, data, clock.GetUtcNow())))
    {
        log.LogInformation("Received {Type} about {Subject} ({WebhookId})", type, subject, webhookId);
    }

    return Results.NoContent();
});

app.MapGet("/events", (ReceivedEvents received) => received.Latest());

// What the partner's own app calls when a customer asks it to submit a form to their municipality.
app.MapPost("/tenants/{tenantId}/forms/{formKey}/submissions", async (string tenantId, string formKey, CitizenSubmission submission,
    HttpRequest request, IChannelsApi channels, CancellationToken ct) =>
{
    var answer = await channels.SubmitAsync(partnerId, tenantId, formKey, submission, request.Headers["Idempotency-Key"].FirstOrDefault(), ct);
    // The platform's refusal (no consent, the form's validation problem) is passed on as it came.
    return answer switch
    {
        { IsSuccessful: true } => Results.Json(answer.Content, statusCode: StatusCodes.Status201Created),
        { Error: ApiException refused } => Results.Content(refused.Content, refused.ContentHeaders?.ContentType?.ToString(), statusCode: (int)refused.StatusCode),
        _ => Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Platform unreachable", detail: answer.Error?.Message),
    };
});

app.MapGet("/health", () => Results.Ok("healthy"));

await app.RunAsync();
