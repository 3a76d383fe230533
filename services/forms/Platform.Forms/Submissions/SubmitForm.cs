using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Submissions;

/// <summary>
/// What happens when a form is submitted: the body is read within a size limit, the submitter is checked (a citizen
/// for themself, a partner only under the citizen's consent), the answers are validated against the latest
/// published version of the form's JSON Schema, and only then is the submission stored and FormSubmitted queued in
/// the same transaction. Any failure answers with a problem naming what is wrong, and nothing is stored or published.
/// </summary>
public static class SubmitForm
{
    /// <summary>What a citizen, or a partner acting for one, posts. A citizen may leave out their own id.</summary>
    public sealed record SubmissionRequest(string? CitizenId, JsonElement Data);

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

    private static async Task<Results<Created<SubmissionReceipt>, ProblemHttpResult, ValidationProblem>> Submit(
        string tenantId, string formKey, HttpRequest request, ClaimsPrincipal caller, FormsDb db, FormSchemas schemas, PartnerConsents consents,
        IConfiguration configuration, TimeProvider clock, CancellationToken ct)
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

        var citizen = caller.CitizenId();
        if (!TryParseEnvelope(body, citizenRequired: citizen is null, out var submission, out var envelopeErrors))
        {
            return TypedResults.ValidationProblem(envelopeErrors, title: "The submission is not valid.");
        }

        string? submittedVia = null;
        if (citizen is not null)
        {
            if (submission.CitizenId is { } named && named != citizen)
            {
                return Forbidden("Not your submission", $"A citizen submits only for themself; the body names citizen '{named}'.");
            }
        }
        else
        {
            citizen = submission.CitizenId!;
            submittedVia = caller.OrganisationId();
            if (submittedVia is null)
            {
                return Forbidden("No acting organisation",
                    $"Your token names no organisation, so there is no consent under which to submit for citizen '{citizen}'.");
            }

            switch (await consents.CheckAsync(tenantId, submittedVia, citizen, form.Key, ct))
            {
                case ConsentAnswer.Refused:
                    return Forbidden("No consent",
                        $"Partner '{submittedVia}' has no consent from citizen '{citizen}' to submit '{form.Key}' in municipality '{tenantId}'.");
                case ConsentAnswer.Unavailable:
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Consent register unavailable",
                        detail: "The identity service could not confirm the citizen's consent; nothing was submitted. Try again shortly.");
            }
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
            CitizenId = citizen,
            Data = answers,
            SubmittedVia = submittedVia,
            SubmittedAt = clock.GetUtcNow(),
        };
        db.Submissions.Add(stored);
        db.Publish(new FormSubmitted(stored.Id, tenantId, form.Key, form.Version, form.Title, stored.CitizenId, submission.Data, stored.SubmittedAt,
            stored.SubmittedVia));
        await db.SaveChangesAsync(ct);

        return TypedResults.Created($"/tenants/{tenantId}/submissions/{stored.Id}", Receipt(stored));
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

    private static ProblemHttpResult Forbidden(string title, string detail) =>
        TypedResults.Problem(statusCode: StatusCodes.Status403Forbidden, title: title, detail: detail);

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
