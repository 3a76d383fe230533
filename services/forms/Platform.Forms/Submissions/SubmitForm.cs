using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Forms.Submissions;

/// <summary>
/// What happens when a form is submitted: the body is read within a size limit, the answers are
/// validated against the latest published version of the form's JSON Schema, and only then is the
/// submission stored and FormSubmitted queued in the same transaction. Any failure answers with a
/// problem naming what is wrong, and nothing is stored or published.
/// </summary>
public static class SubmitForm
{
    /// <summary>What a citizen (or a channel acting for one) posts.</summary>
    public sealed record SubmissionRequest(string CitizenId, JsonElement Data);

    public sealed record SubmissionReceipt(Guid SubmissionId, string TenantId, string FormKey, int FormVersion, DateTimeOffset SubmittedAt);

    public static IEndpointRouteBuilder MapSubmissions(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapGroup("/tenants/{tenantId}").WithTags("Submissions");
        tenant.MapPost("/forms/{formKey}/submissions", Submit).Accepts<SubmissionRequest>("application/json");
        tenant.MapGet("/submissions/{submissionId:guid}", Get);
        tenant.MapGet("/submissions", List);
        return routes;
    }

    private static async Task<Results<Created<SubmissionReceipt>, ProblemHttpResult, ValidationProblem>> Submit(
        string tenantId, string formKey, HttpRequest request, FormsDb db, FormSchemas schemas, IConfiguration configuration, TimeProvider clock, CancellationToken ct)
    {
        var form = await db.Definitions.LatestAsync(tenantId, formKey, ct);
        if (form is null)
        {
            return DefinitionEndpoints.FormNotFound(tenantId, formKey);
        }

        var maxBytes = configuration.GetValue("Forms:MaxSubmissionBytes", 256 * 1024);
        var body = await ReadBodyAsync(request, maxBytes, ct);
        if (body is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Submission too large",
                detail: $"A submission may be at most {maxBytes} bytes.");
        }

        if (!TryParseEnvelope(body, out var submission, out var envelopeErrors))
        {
            return TypedResults.ValidationProblem(envelopeErrors, title: "The submission is not valid.");
        }

        var answers = submission.Data.GetRawText();
        var errors = await schemas.ValidateAsync(form, answers, pointerPrefix: "/data");
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: $"The answers do not satisfy '{form.Title}' (version {form.Version}).");
        }

        var stored = new Submission
        {
            TenantId = tenantId,
            FormKey = form.Key,
            FormVersion = form.Version,
            CitizenId = submission.CitizenId,
            Data = answers,
            SubmittedAt = clock.GetUtcNow(),
        };
        db.Submissions.Add(stored);
        db.Publish(new FormSubmitted(stored.Id, tenantId, form.Key, form.Version, form.Title, stored.CitizenId, submission.Data, stored.SubmittedAt));
        await db.SaveChangesAsync(ct);

        return TypedResults.Created($"/tenants/{tenantId}/submissions/{stored.Id}", Receipt(stored));
    }

    private static async Task<Results<Ok<SubmissionReceipt>, NotFound>> Get(string tenantId, Guid submissionId, FormsDb db, CancellationToken ct)
    {
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == submissionId, ct);
        return submission is null ? TypedResults.NotFound() : TypedResults.Ok(Receipt(submission));
    }

    private static async Task<List<SubmissionReceipt>> List(string tenantId, string citizenId, FormsDb db, CancellationToken ct)
    {
        var submissions = await db.Submissions.Where(s => s.TenantId == tenantId && s.CitizenId == citizenId).ToListAsync(ct);
        return submissions.OrderBy(s => s.SubmittedAt).Select(Receipt).ToList();
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

    private static bool TryParseEnvelope(byte[] body, out SubmissionRequest submission, out Dictionary<string, string[]> errors)
    {
        submission = null!;
        errors = [];
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
            errors[""] = ["The body must be a JSON object with 'citizenId' and 'data'."];
            return false;
        }

        var citizenId = root.TryGetProperty("citizenId", out var c) && c.ValueKind == JsonValueKind.String ? c.GetString() : null;
        if (string.IsNullOrWhiteSpace(citizenId))
        {
            errors["/citizenId"] = ["The citizen's identifier is required."];
        }

        if (!root.TryGetProperty("data", out var data) || data.ValueKind != JsonValueKind.Object)
        {
            errors["/data"] = ["The answers are required, as a JSON object."];
        }

        if (errors.Count > 0)
        {
            return false;
        }

        submission = new SubmissionRequest(citizenId!, data);
        return true;
    }
}
