using System.Security.Claims;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Forms.Catalogue;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Validation;

namespace Platform.Forms.Authoring;

/// <summary>
/// A municipality's form designers write a form as a draft, edit it as often as they like, and publish it as the next
/// immutable version. Drafts are the designers' own: no one else, and no other municipality, sees them.
/// </summary>
public static partial class DraftEndpoints
{
    /// <summary>A form as its designer writes it. Texts are by language code; the first language is the form's main one.</summary>
    public sealed record DraftRequest(string? Key, Dictionary<string, string>? Titles, Dictionary<string, string>? Descriptions, JsonElement? Schema,
        JsonElement? UiHints, int? ExpectedProcessingDays, bool? IsLocationBased);

    /// <param name="PublishedVersion">The latest published version, which publishing this draft follows; null before the first.</param>
    public sealed record DraftView(string TenantId, string Key, int? PublishedVersion, Dictionary<string, string> Titles, Dictionary<string, string> Descriptions,
        JsonElement Schema, JsonElement UiHints, bool IsLocationBased, int ExpectedProcessingDays, Lineage? Lineage, UpstreamStatus? Upstream,
        DateTimeOffset UpdatedAt, string UpdatedBy);

    public static IEndpointRouteBuilder MapFormAuthoring(this IEndpointRouteBuilder routes)
    {
        var forms = routes.MapGroup("/tenants/{tenantId}/forms").WithTags("Form authoring").ForTenant().RequireAuthorization(Policies.FormDesigner);

        forms.MapPost("/", CreateAsync);
        forms.MapGet("/{formKey}/draft", async Task<Results<Ok<DraftView>, ProblemHttpResult>> (string tenantId, string formKey, FormsDb db, CancellationToken ct) =>
            await db.Drafts.FirstOrDefaultAsync(d => d.TenantId == tenantId && d.Key == formKey, ct) is { } draft
                ? TypedResults.Ok(await ViewAsync(db, draft, ct))
                : DraftNotFound(tenantId, formKey));
        forms.MapPut("/{formKey}/draft", EditAsync);
        forms.MapPost("/{formKey}/publish", PublishAsync);
        return routes;
    }

    private static async Task<Results<Created<DraftView>, ValidationProblem, ProblemHttpResult>> CreateAsync(
        string tenantId, DraftRequest request, ClaimsPrincipal caller, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = Check(request);
        if (request.Key is null || !IsFormKey(request.Key))
        {
            errors["/key"] = ["Required: 2 to 64 lower-case letters, digits and hyphens, starting with a letter or digit."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The form is not valid.");
        }

        if (await KeyTakenAsync(db, tenantId, request.Key!, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Form key taken",
                detail: $"Municipality '{tenantId}' already has a form '{request.Key}' (/key); edit its draft instead.");
        }

        var draft = new FormDraft
        {
            TenantId = tenantId,
            Key = request.Key!,
            Titles = "{}",
            Descriptions = "{}",
            Schema = "{}",
            UiHints = "{}",
            UpdatedBy = caller.SubjectId() ?? "unknown",
        };
        Apply(draft, request, caller, clock);
        db.Drafts.Add(draft);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/tenants/{tenantId}/forms/{draft.Key}/draft", await ViewAsync(db, draft, ct));
    }

    /// <summary>Replaces the draft; on a published form without one, starts the draft of its next version.</summary>
    private static async Task<Results<Ok<DraftView>, ValidationProblem, ProblemHttpResult>> EditAsync(
        string tenantId, string formKey, DraftRequest request, ClaimsPrincipal caller, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = Check(request);
        if (request.Key is not null && request.Key != formKey)
        {
            errors["/key"] = [$"A form's key does not change; leave it out or send '{formKey}'."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The form is not valid.");
        }

        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.TenantId == tenantId && d.Key == formKey, ct);
        if (draft is null)
        {
            var published = await db.Definitions.LatestAsync(tenantId, formKey, ct);
            if (published is null)
            {
                return DraftNotFound(tenantId, formKey);
            }

            draft = new FormDraft
            {
                TenantId = tenantId,
                Key = formKey,
                Titles = published.Titles,
                Descriptions = published.Descriptions,
                Schema = published.Schema,
                UiHints = published.UiHints,
                // An owned value belongs to one row, so the draft gets its own copy of the lineage.
                Lineage = published.Lineage is { } lineage ? lineage with { } : null,
                UpdatedBy = caller.SubjectId() ?? "unknown",
            };
            db.Drafts.Add(draft);
        }

        Apply(draft, request, caller, clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await ViewAsync(db, draft, ct));
    }

    private static async Task<Results<Created<DefinitionEndpoints.FormDetails>, ValidationProblem, ProblemHttpResult>> PublishAsync(
        string tenantId, string formKey, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.TenantId == tenantId && d.Key == formKey, ct);
        if (draft is null)
        {
            return DraftNotFound(tenantId, formKey);
        }

        // A draft can hold a schema no designer's save checked: one adopted or pulled from the catalogue, or saved before a rule it breaks.
        if (JsonSchemaErrors.OfObjectSchema(draft.Schema, "/schema") is { Count: > 0 } errors)
        {
            return TypedResults.ValidationProblem(errors, title: "The draft's schema cannot be published.");
        }

        var published = await Publishing.PublishAsync(db, draft, clock, ct);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // Another designer published the same version number first (the unique index refused this one).
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Published concurrently",
                detail: $"Form '{formKey}' was published by someone else at the same moment; read it and edit a new draft.");
        }

        var adoption = await db.Adoptions.FirstOrDefaultAsync(a => a.TenantId == tenantId && a.FormKey == formKey, ct);
        return TypedResults.Created($"/tenants/{tenantId}/forms/{formKey}/versions/{published.Version}",
            DefinitionEndpoints.Details(published, adoption?.Status()));
    }

    /// <summary>Every problem with the request body, keyed by JSON pointer; the key is checked by the caller.</summary>
    private static Dictionary<string, string[]> Check(DraftRequest request)
    {
        var errors = new Dictionary<string, string[]>();
        CheckTexts(request.Titles, "/titles", required: true, errors);
        CheckTexts(request.Descriptions, "/descriptions", required: false, errors);

        if (request.Schema is not { ValueKind: JsonValueKind.Object } schema)
        {
            errors["/schema"] = ["Required: the JSON Schema (2020-12 or draft-07) the answers must satisfy, as an object."];
        }
        else
        {
            foreach (var (pointer, messages) in JsonSchemaErrors.OfObjectSchema(schema.GetRawText(), "/schema"))
            {
                errors[pointer] = messages;
            }
        }

        if (request.UiHints is { } hints && hints.ValueKind is not (JsonValueKind.Object or JsonValueKind.Null))
        {
            errors["/uiHints"] = ["When given, must be a JSON object."];
        }

        if (request.ExpectedProcessingDays is < 0 or > 3650)
        {
            errors["/expectedProcessingDays"] = ["Must be between 0 and 3650 days."];
        }

        return errors;
    }

    private static void CheckTexts(Dictionary<string, string>? texts, string pointer, bool required, Dictionary<string, string[]> errors)
    {
        if (texts is null || texts.Count == 0)
        {
            if (required)
            {
                errors[pointer] = ["Required: the text by language code, e.g. {\"nb\": \"...\", \"en\": \"...\"}."];
            }

            return;
        }

        foreach (var (language, text) in texts)
        {
            if (!LanguagePattern().IsMatch(language))
            {
                errors[$"{pointer}/{language}"] = ["Not a language code (such as 'nb', 'en' or 'se')."];
            }
            else if (string.IsNullOrWhiteSpace(text) || text.Length > 500)
            {
                errors[$"{pointer}/{language}"] = ["Must be 1 to 500 characters."];
            }
        }
    }

    private static void Apply(FormDraft draft, DraftRequest request, ClaimsPrincipal caller, TimeProvider clock)
    {
        draft.Titles = Texts.Serialize(request.Titles!);
        draft.Descriptions = Texts.Serialize(request.Descriptions ?? []);
        draft.Schema = request.Schema!.Value.GetRawText();
        draft.UiHints = request.UiHints is { ValueKind: JsonValueKind.Object } hints ? hints.GetRawText() : "{}";
        draft.IsLocationBased = request.IsLocationBased ?? false;
        draft.ExpectedProcessingDays = request.ExpectedProcessingDays ?? 0;
        draft.UpdatedAt = clock.GetUtcNow();
        draft.UpdatedBy = caller.SubjectId() ?? "unknown";
    }

    public static bool IsFormKey(string key) => FormKeyPattern().IsMatch(key);

    public static async Task<bool> KeyTakenAsync(FormsDb db, string tenantId, string formKey, CancellationToken ct) =>
        await db.Drafts.AnyAsync(d => d.TenantId == tenantId && d.Key == formKey, ct)
        || await db.Definitions.AnyAsync(d => d.TenantId == tenantId && d.Key == formKey, ct);

    public static async Task<DraftView> ViewAsync(FormsDb db, FormDraft draft, CancellationToken ct)
    {
        var published = await db.Definitions.LatestAsync(draft.TenantId, draft.Key, ct);
        var adoption = await db.Adoptions.FirstOrDefaultAsync(a => a.TenantId == draft.TenantId && a.FormKey == draft.Key, ct);
        return new DraftView(draft.TenantId, draft.Key, published?.Version, Texts.Parse(draft.Titles), Texts.Parse(draft.Descriptions),
            DefinitionEndpoints.Json(draft.Schema), DefinitionEndpoints.Json(draft.UiHints), draft.IsLocationBased, draft.ExpectedProcessingDays,
            draft.Lineage, adoption?.Status(), draft.UpdatedAt, draft.UpdatedBy);
    }

    private static ProblemHttpResult DraftNotFound(string tenantId, string formKey) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Draft not found",
            detail: $"Municipality '{tenantId}' has no draft of form '{formKey}'.");

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,63}$")]
    private static partial Regex FormKeyPattern();

    [GeneratedRegex("^[a-z]{2,3}(-[A-Za-z0-9]{2,8})?$")]
    private static partial Regex LanguagePattern();
}
