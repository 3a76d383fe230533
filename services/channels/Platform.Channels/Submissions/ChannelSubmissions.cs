using System.Net.Http.Headers;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.Channels.Consents;
using Platform.Channels.Partners;
using Platform.Contracts.Channels;
using Platform.Contracts.Forms;
using Platform.Partners.Sdk;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using Polly;
using Refit;

namespace Platform.Channels.Submissions;

/// <summary>A submission the forms service accepted from a partner's channel; its id makes ChannelSubmissionAccepted go out once.</summary>
public sealed class ChannelSubmission : ITenantOwned
{
    public required Guid SubmissionId { get; init; }
    public required string TenantId { get; init; }
    public required string PartnerId { get; init; }
    public required string FormKey { get; init; }
    public required string CitizenId { get; init; }
    public DateTimeOffset AcceptedAt { get; init; }
}

/// <summary>
/// A partner submits a form for a citizen through its channel. Channels checks what is its own to check (an approved
/// agreement granting the form, and a standing consent in its read model), then hands the submission to the forms
/// service, which validates and stores it, and returns forms' answer to the partner exactly as forms gave it.
/// </summary>
public static class ChannelSubmissions
{
    public static IEndpointRouteBuilder MapChannelSubmissions(this IEndpointRouteBuilder routes)
    {
        routes.MapPartner("/tenants/{tenantId}/forms/{formKey}/submissions").WithTags("Submissions")
            .RequireAuthorization(Policies.SubmitForms).ForTenant()
            .MapPost("/", Submit);
        return routes;
    }

    private static async Task<IResult> Submit(string partnerId, string tenantId, string formKey, int? version, CitizenSubmission submission,
        [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpRequest request, ChannelsDb db, IFormsApi forms, TimeProvider clock, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(submission.CitizenId) || submission.Data.ValueKind != JsonValueKind.Object)
        {
            var errors = new Dictionary<string, string[]>();
            if (string.IsNullOrWhiteSpace(submission.CitizenId))
            {
                errors["/citizenId"] = ["Name the citizen you submit for."];
            }

            if (submission.Data.ValueKind != JsonValueKind.Object)
            {
                errors["/data"] = ["The answers are required, as a JSON object."];
            }

            return TypedResults.ValidationProblem(errors, title: "The submission is not valid.");
        }

        var (agreement, refusal) = await db.ApprovedAgreementAsync(tenantId, partnerId, ct);
        if (agreement is null)
        {
            return refusal!;
        }

        if (!agreement.AllowsForm(formKey))
        {
            return PartnerRoutes.Forbidden("Form not in the agreement",
                $"The agreement with '{tenantId}' does not let '{partnerId}' submit form '{formKey}'; it grants {string.Join(", ", agreement.FormKeys)}.");
        }

        var now = clock.GetUtcNow();
        if (!await db.Consents.CoversAsync(tenantId, partnerId, submission.CitizenId, formKey, now, ct))
        {
            return PartnerRoutes.Forbidden("No consent",
                $"Citizen '{submission.CitizenId}' has no standing consent letting '{partnerId}' submit '{formKey}' in '{tenantId}'.");
        }

        // The partner's own token goes on to forms, rather than channels' service token: forms then checks the
        // partner's consent and records the partner as SubmittedVia exactly as for a partner calling it directly,
        // and no service token ever speaks for a partner. The key makes forms' resilience retries safe to repeat.
        var token = AuthenticationHeaderValue.Parse(request.Headers.Authorization.ToString()).Parameter!;
        using var answer = await SendToFormsAsync(forms, tenantId, formKey, version, submission, token, idempotencyKey ?? $"channels-{Guid.NewGuid()}", ct);
        if (answer is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Forms service unavailable",
                detail: "The forms service could not be reached; nothing was submitted. Try again with the same Idempotency-Key.");
        }

        var body = await answer.Content.ReadAsByteArrayAsync(ct);

        if (answer.IsSuccessStatusCode && JsonSerializer.Deserialize<SubmissionReceipt>(body, JsonSerializerOptions.Web) is { } receipt
            && !await db.Submissions.AnyAsync(s => s.SubmissionId == receipt.SubmissionId, ct))
        {
            db.Submissions.Add(new ChannelSubmission
            {
                SubmissionId = receipt.SubmissionId, TenantId = tenantId, PartnerId = partnerId, FormKey = formKey,
                CitizenId = submission.CitizenId, AcceptedAt = now,
            });
            db.Publish(new ChannelSubmissionAccepted(receipt.SubmissionId, tenantId, partnerId, formKey, submission.CitizenId, now), clock);
            await db.SaveChangesAsync(ct);
        }

        return new FormsAnswer((int)answer.StatusCode, answer.Content.Headers.ContentType?.ToString(), body);
    }

    /// <summary>Forms' answer, whatever its status; null when retries, timeouts and the circuit breaker gave up without one.</summary>
    private static async Task<HttpResponseMessage?> SendToFormsAsync(IFormsApi forms, string tenantId, string formKey, int? version,
        CitizenSubmission submission, string token, string idempotencyKey, CancellationToken ct)
    {
        try
        {
            return await forms.SubmitAsync(tenantId, formKey, new FormSubmissionRequest(submission.CitizenId, submission.Data), token, idempotencyKey, version, ct);
        }
        catch (Exception ex) when (ex is ApiExceptionBase or HttpRequestException or ExecutionRejectedException && !ct.IsCancellationRequested)
        {
            return null;
        }
    }

    /// <summary>Forms' answer as it came: status, content type and body.</summary>
    private sealed class FormsAnswer(int status, string? contentType, byte[] body) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            http.Response.ContentType = contentType;
            await http.Response.Body.WriteAsync(body);
        }
    }
}
