using System.Security.Claims;
using System.Security.Cryptography;
using System.Text.Unicode;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Submissions;

/// <summary>
/// The HTTP channel for submissions: the body must be JSON and is read within a size limit, then
/// <see cref="SubmissionIntake"/> decides; every failure answers with a problem naming what is wrong, and nothing is
/// stored or published. Reading submissions back is here too.
/// </summary>
public static class SubmitForm
{
    /// <summary>What a citizen, or a partner acting for one, posts. A citizen may leave out their own id.</summary>
    public sealed record SubmissionRequest(string? CitizenId, JsonElement Data);

    private const int MaxIdempotencyKeyLength = 200;

    public sealed record SubmissionReceipt(Guid SubmissionId, string TenantId, string FormKey, int FormVersion, DateTimeOffset SubmittedAt);

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapGroup("/tenants/{tenantId}").WithTags("Submissions").ForTenant();
        tenant.MapPost("/forms/{formKey}/submissions", Submit).Accepts<SubmissionRequest>("application/json")
            .RequireAuthorization(Policies.SubmitForms);
        // No named policy on reading: every party may ask, and sees only the submissions it has a claim to (VisibleTo).
        tenant.MapGet("/submissions/{submissionId:guid}", Get);
        tenant.MapGet("/submissions", List);
        return routes;
    }

    /// <param name="version">A published version to submit against; the latest when left out.</param>
    /// <param name="idempotencyKey">Sent again with the same body, the original answer comes back instead of a second submission.</param>
    private static async Task<Results<Created<SubmissionReceipt>, ProblemHttpResult, ValidationProblem>> Submit(
        string tenantId, string formKey, int? version, [FromHeader(Name = "Idempotency-Key")] string? idempotencyKey, HttpRequest request,
        ClaimsPrincipal caller, SubmissionIntake intake, IConfiguration configuration, CancellationToken ct)
    {
        if (!request.HasJsonContentType())
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Unsupported content type",
                detail: $"Send the submission as application/json, not '{request.ContentType ?? "(none)"}'.");
        }

        if (idempotencyKey is { Length: 0 or > MaxIdempotencyKeyLength })
        {
            return TypedResults.ValidationProblem(
                new Dictionary<string, string[]> { ["Idempotency-Key"] = [$"When given, must be 1 to {MaxIdempotencyKeyLength} characters."] },
                title: "The Idempotency-Key header is not valid.");
        }

        var maxBytes = configuration.GetValue("Forms:MaxSubmissionBytes", 256 * 1024);
        var body = await ReadBodyAsync(request, maxBytes, ct);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Submission too large",
                detail: $"A submission may be at most {maxBytes} bytes.");
        }

        if (!TryParseEnvelope(body, citizenRequired: caller.CitizenId() is null, out var submission, out var envelopeErrors))
        {
            return TypedResults.ValidationProblem(envelopeErrors, title: "The submission is not valid.");
        }

        var fingerprint = Convert.ToHexString(SHA256.HashData(body));
        var outcome = await intake.SubmitAsync(tenantId, formKey, version, caller, submission.CitizenId, submission.Data, idempotencyKey, fingerprint, ct);
        return outcome switch
        {
            // A replay answers exactly as the original did, so a client that lost the first answer cannot tell them apart.
            SubmissionOutcome.Accepted accepted => TypedResults.Created($"/tenants/{tenantId}/submissions/{accepted.Submission.Id}", Receipt(accepted.Submission)),
            SubmissionOutcome.FormNotFound notFound => TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Form not found", detail: notFound.Detail),
            SubmissionOutcome.Invalid invalid => TypedResults.ValidationProblem(invalid.Errors, title: invalid.Title),
            SubmissionOutcome.Forbidden forbidden => TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: forbidden.Title, detail: forbidden.Detail),
            SubmissionOutcome.ConsentUnavailable => TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Consent register unavailable",
                detail: "The identity service could not confirm the citizen's consent; nothing was submitted. Try again shortly."),
            SubmissionOutcome.IdempotencyConflict conflict => TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Idempotency-Key reused",
                detail: conflict.Detail),
            _ => throw new InvalidOperationException($"Unhandled submission outcome {outcome.GetType().Name}."),
        };
    }

    private static async Task<Results<Ok<SubmissionReceipt>, ProblemHttpResult>> Get(
        string tenantId, Guid submissionId, ClaimsPrincipal caller, FormsDb db, CancellationToken ct)
    {
        var submission = await db.Submissions.VisibleTo(caller).FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == submissionId, ct);
        return submission is null
            ? TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Submission not found",
                detail: $"Municipality '{tenantId}' has no submission {submissionId} that you may read.")
            : TypedResults.Ok(Receipt(submission));
    }

    /// <param name="citizenId">Narrows a caseworker's or a partner's list to one citizen; a citizen always gets their own.</param>
    private static async Task<List<SubmissionReceipt>> List(string tenantId, string? citizenId, ClaimsPrincipal caller, FormsDb db, CancellationToken ct)
    {
        var matching = db.Submissions.VisibleTo(caller).Where(s => s.TenantId == tenantId);
        if (caller.CitizenId() is null && !string.IsNullOrEmpty(citizenId))
        {
            matching = matching.Where(s => s.CitizenId == citizenId);
        }

        var submissions = await matching.ToListAsync(ct);
        return submissions.OrderBy(s => s.SubmittedAt).Select(Receipt).ToList();
    }

    /// <summary>
    /// A caseworker sees every submission of their municipality (ForTenant keeps them to it), a citizen their own,
    /// a partner those it made for citizens; anyone else none.
    /// </summary>
    private static IQueryable<Submission> VisibleTo(this IQueryable<Submission> submissions, ClaimsPrincipal caller)
    {
        if (caller.IsCivilServant() && caller.IsInRole(Roles.Caseworker))
        {
            return submissions;
        }

        if (caller.CitizenId() is { } citizen)
        {
            return submissions.Where(s => s.CitizenId == citizen);
        }

        if (caller.IsPartner() && caller.OrganisationId() is { } partner)
        {
            return submissions.Where(s => s.SubmittedVia == partner);
        }

        return submissions.Where(_ => false);
    }

    private static SubmissionReceipt Receipt(Submission s) => new(s.Id, s.TenantId, s.FormKey, s.FormVersion, s.SubmittedAt);

    /// <summary>Reads at most <paramref name="maxBytes"/>; null when the body is larger.</summary>
    private static async Task<byte[]?> ReadBodyAsync(HttpRequest request, int maxBytes, CancellationToken ct)
    {
        if (request.ContentLength > maxBytes)
        {
            return null;
        }

        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, ct)) > 0)
        {
            if (buffer.Length + read > maxBytes)
            {
                return null;
            }

            buffer.Write(chunk, 0, read);
        }

        return buffer.ToArray();
    }

    private static bool TryParseEnvelope(byte[] body, bool citizenRequired, out SubmissionRequest submission, out Dictionary<string, string[]> errors)
    {
        submission = null!;
        errors = [];
        // JsonDocument checks the structure but leaves a string's bytes alone until they are read, and the schema
        // validator reading them would then fail mid-validation; bytes that are not UTF-8 are the caller's mistake.
        if (!Utf8.IsValid(body))
        {
            errors[""] = ["The body is not valid UTF-8."];
            return false;
        }

        JsonElement root;
        try
        {
            using var document = JsonDocument.Parse(body);
            root = document.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            errors[""] = [$"The body is not valid JSON: {ex.Message}"];
            return false;
        }

        if (root.ValueKind != JsonValueKind.Object)
        {
            errors[""] = ["The body must be a JSON object with 'data' (and 'citizenId' when you submit for a citizen)."];
            return false;
        }

        string? citizenId = null;
        if (root.TryGetProperty("citizenId", out var c) && c.ValueKind != JsonValueKind.Null)
        {
            citizenId = c.ValueKind == JsonValueKind.String ? c.GetString() : null;
            if (string.IsNullOrWhiteSpace(citizenId))
            {
                errors["/citizenId"] = ["When given, must be the citizen's identifier."];
            }
        }
        else if (citizenRequired)
        {
            errors["/citizenId"] = ["Name the citizen you submit for."];
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            errors["/data"] = ["The answers are required, as a JSON object."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        submission = new SubmissionRequest(citizenId, data);
        return true;
    }
}
