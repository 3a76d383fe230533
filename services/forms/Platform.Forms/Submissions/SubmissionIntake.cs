using System.Security.Claims;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Submissions;

/// <summary>What became of one attempt to submit a form; each channel (the HTTP API, Open311) turns it into its own answer.</summary>
public abstract record SubmissionOutcome
{
    private SubmissionOutcome()
    {
    }

    /// <param name="Replayed">The same Idempotency-Key and body came before: this is the original submission, not a new one.</param>
    public sealed record Accepted(Submission Submission, bool Replayed) : SubmissionOutcome;

    public sealed record FormNotFound(string Detail) : SubmissionOutcome;

    /// <param name="Errors">Every failing field, keyed by JSON pointer into the request.</param>
    public sealed record Invalid(string Title, Dictionary<string, string[]> Errors) : SubmissionOutcome;

    public sealed record Forbidden(string Title, string Detail) : SubmissionOutcome;

    /// <summary>The consent register could not answer, so a partner's submission was not made on a guess.</summary>
    public sealed record ConsentUnavailable : SubmissionOutcome;

    /// <summary>The caller used the Idempotency-Key before for a different request.</summary>
    public sealed record IdempotencyConflict(string Detail) : SubmissionOutcome;
}

/// <summary>
/// What happens when a form is submitted, whichever channel it came through: the submitter is checked (a citizen for
/// themself, a partner only under the citizen's consent), the answers are validated against the requested or latest
/// published version of the form's JSON Schema, and only then is the submission stored and FormSubmitted queued in the
/// same transaction. Any failure stores and publishes nothing. Reading the body (size, JSON) is the channel's job.
/// </summary>
public sealed class SubmissionIntake(FormsDb db, FormSchemas schemas, PartnerConsents consents, TimeProvider clock)
{
    /// <summary>Submits against the latest published version of the form.</summary>
    public Task<SubmissionOutcome> SubmitAsync(string tenantId, string formKey, ClaimsPrincipal caller, string? citizenId, JsonElement data,
        string? idempotencyKey, string requestFingerprint, CancellationToken ct) =>
        SubmitAsync(tenantId, formKey, formVersion: null, caller, citizenId, data, idempotencyKey, requestFingerprint, ct);

    /// <param name="formVersion">A published version to submit against; null for the latest.</param>
    /// <param name="citizenId">Whom a partner submits for; a citizen may leave it out (it must then be themself).</param>
    /// <param name="idempotencyKey">The caller's key for this request: a retry with the same key gets the original outcome.</param>
    /// <param name="requestFingerprint">A digest of what the caller sent, so a reused key with another request is told apart.</param>
    public async Task<SubmissionOutcome> SubmitAsync(string tenantId, string formKey, int? formVersion, ClaimsPrincipal caller, string? citizenId,
        JsonElement data, string? idempotencyKey, string requestFingerprint, CancellationToken ct)
    {
        var outcome = await DecideAsync(tenantId, formKey, formVersion, caller, citizenId, data, idempotencyKey, requestFingerprint, ct);
        // A replay is the earlier submission answered again, not a new one.
        if (outcome is not SubmissionOutcome.Accepted { Replayed: true })
        {
            PlatformMetrics.SubmissionDecided(tenantId, formKey, outcome is SubmissionOutcome.Accepted ? null : RefusalOf(outcome));
        }

        return outcome;
    }

    private static string RefusalOf(SubmissionOutcome outcome) => outcome switch
    {
        SubmissionOutcome.FormNotFound => "form_not_found",
        SubmissionOutcome.Invalid => "invalid",
        SubmissionOutcome.Forbidden => "forbidden",
        SubmissionOutcome.ConsentUnavailable => "consent_unavailable",
        SubmissionOutcome.IdempotencyConflict => "idempotency_conflict",
        _ => outcome.GetType().Name,
    };

    private async Task<SubmissionOutcome> DecideAsync(string tenantId, string formKey, int? formVersion, ClaimsPrincipal caller, string? citizenId,
        JsonElement data, string? idempotencyKey, string requestFingerprint, CancellationToken ct)
    {
        var submitter = SubmitterOf(caller);
        var fingerprint = $"{formKey}|{formVersion}|{requestFingerprint}";
        if (idempotencyKey is not null && await EarlierAsync(tenantId, submitter, idempotencyKey, fingerprint, ct) is { } earlier)
        {
            return earlier;
        }

        var form = await db.Definitions.PublishedAsync(tenantId, formKey, formVersion, ct);
        if (form is null)
        {
            return new SubmissionOutcome.FormNotFound(formVersion is null
                ? $"Municipality '{tenantId}' publishes no form '{formKey}'."
                : $"Municipality '{tenantId}' has published no version {formVersion} of form '{formKey}'.");
        }

        var citizen = caller.CitizenId();
        string? submittedVia = null;
        if (citizen is not null)
        {
            if (citizenId is not null && citizenId != citizen)
            {
                return new SubmissionOutcome.Forbidden("Not your submission", $"A citizen submits only for themself; the request names citizen '{citizenId}'.");
            }
        }
        else
        {
            if (string.IsNullOrWhiteSpace(citizenId))
            {
                return new SubmissionOutcome.Invalid("The submission is not valid.", new() { ["/citizenId"] = ["Name the citizen you submit for."] });
            }

            citizen = citizenId;
            submittedVia = caller.OrganisationId();
            if (submittedVia is null)
            {
                return new SubmissionOutcome.Forbidden("No acting organisation",
                    $"Your token names no organisation, so there is no consent under which to submit for citizen '{citizen}'.");
            }

            switch (await consents.CheckAsync(tenantId, submittedVia, citizen, form.Key, ct))
            {
                case ConsentAnswer.Refused:
                    return new SubmissionOutcome.Forbidden("No consent",
                        $"Partner '{submittedVia}' has no consent from citizen '{citizen}' to submit '{form.Key}' in municipality '{tenantId}'.");
                case ConsentAnswer.Unavailable:
                    return new SubmissionOutcome.ConsentUnavailable();
            }
        }

        var answers = data.GetRawText();
        var errors = schemas.Validate(form, data, pointerPrefix: "/data");
        if (errors.Count > 0)
        {
            return new SubmissionOutcome.Invalid($"The answers do not satisfy '{form.Title}' (version {form.Version}).", errors);
        }

        var stored = new Submission
        {
            TenantId = tenantId,
            FormKey = form.Key,
            FormVersion = form.Version,
            CitizenId = citizen,
            Data = answers,
            SubmittedVia = submittedVia,
            SubmittedBy = submitter,
            IdempotencyKey = idempotencyKey,
            RequestFingerprint = idempotencyKey is null ? null : fingerprint,
            SubmittedAt = clock.GetUtcNow(),
        };
        db.Submissions.Add(stored);
        db.Publish(new FormSubmitted(stored.Id, tenantId, form.Key, form.Version, form.Title, stored.CitizenId, data, stored.SubmittedAt,
            stored.SubmittedVia, form.ExpectedProcessingDays), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException) when (idempotencyKey is not null)
        {
            // A concurrent request with the same key committed first (the unique index refused this one): answer as its retry.
            db.ChangeTracker.Clear();
            return await EarlierAsync(tenantId, submitter, idempotencyKey, fingerprint, ct) ?? throw new InvalidOperationException(
                "The submission could not be stored, and no earlier submission holds its Idempotency-Key.");
        }

        return new SubmissionOutcome.Accepted(stored, Replayed: false);
    }

    private async Task<SubmissionOutcome?> EarlierAsync(string tenantId, string submitter, string idempotencyKey, string fingerprint, CancellationToken ct)
    {
        var earlier = await db.Submissions.FirstOrDefaultAsync(
            s => s.TenantId == tenantId && s.SubmittedBy == submitter && s.IdempotencyKey == idempotencyKey, ct);
        return earlier switch
        {
            null => null,
            _ when earlier.RequestFingerprint == fingerprint => new SubmissionOutcome.Accepted(earlier, Replayed: true),
            _ => new SubmissionOutcome.IdempotencyConflict(
                $"Idempotency-Key '{idempotencyKey}' was already used for a different submission ({earlier.Id}); use a new key for a new request."),
        };
    }

    /// <summary>Whose Idempotency-Keys these are: keys of different callers never collide.</summary>
    private static string SubmitterOf(ClaimsPrincipal caller) =>
        $"{caller.Party() ?? "unknown"}:{caller.SubjectId() ?? caller.FindFirstValue(PlatformClaims.ClientId) ?? "unknown"}";
}
