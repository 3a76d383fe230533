using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Forms.Catalogue;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Definitions;

/// <summary>What a citizen or a channel reads before submitting: the forms a municipality publishes, every version of them.</summary>
public static class DefinitionEndpoints
{
    public sealed record FormSummary(string TenantId, string Key, int Version, string Title, string Description, bool IsLocationBased, int ExpectedProcessingDays,
        Dictionary<string, string> Titles);

    /// <param name="Lineage">For an adopted form, the catalogue version this version was made from.</param>
    /// <param name="Upstream">For an adopted form, how its copy stands against the municipality it came from.</param>
    public sealed record FormDetails(string TenantId, string Key, int Version, string Title, string Description, bool IsLocationBased, int ExpectedProcessingDays,
        JsonElement Schema, Dictionary<string, string> Titles, Dictionary<string, string> Descriptions, JsonElement UiHints, DateTimeOffset PublishedAt,
        Lineage? Lineage, UpstreamStatus? Upstream);

    public sealed record VersionSummary(int Version, string Title, DateTimeOffset PublishedAt);

    public static IEndpointRouteBuilder MapFormDefinitions(this IEndpointRouteBuilder routes)
    {
        // No named policy: a municipality's published forms are for anyone with a valid token to read, whether they
        // submit themselves or for a citizen; civil servants see only their own municipality's (ForTenant).
        var forms = routes.MapGroup("/tenants/{tenantId}/forms").WithTags("Form definitions").ForTenant();

        // The list is the page every portal visit starts with: each form's newest version, found by the database, and only
        // the columns the list shows, never the schemas.
        forms.MapGet("/", async (string tenantId, FormsDb db, CancellationToken ct) =>
        {
            var newest = await db.Definitions.AsNoTracking()
                .Where(d => d.TenantId == tenantId && !db.Definitions.Any(later => later.TenantId == d.TenantId && later.Key == d.Key && later.Version > d.Version))
                .OrderBy(d => d.Title)
                .Select(d => new { d.TenantId, d.Key, d.Version, d.Title, d.Description, d.IsLocationBased, d.ExpectedProcessingDays, d.Titles })
                .ToListAsync(ct);
            return newest.Select(d => new FormSummary(d.TenantId, d.Key, d.Version, d.Title, d.Description, d.IsLocationBased, d.ExpectedProcessingDays,
                Texts.Parse(d.Titles))).ToList();
        });

        forms.MapGet("/{formKey}", (string tenantId, string formKey, FormsDb db, CancellationToken ct) => ReadAsync(db, tenantId, formKey, version: null, ct));

        forms.MapGet("/{formKey}/versions", async Task<Results<Ok<List<VersionSummary>>, ProblemHttpResult>> (string tenantId, string formKey, FormsDb db, CancellationToken ct) =>
        {
            var versions = await db.Definitions.Where(d => d.TenantId == tenantId && d.Key == formKey)
                .OrderBy(d => d.Version).Select(d => new VersionSummary(d.Version, d.Title, d.PublishedAt)).ToListAsync(ct);
            return versions.Count == 0 ? FormNotFound(tenantId, formKey) : TypedResults.Ok(versions);
        });

        // Old versions stay readable: a submission made against version 1 is read against version 1's schema.
        forms.MapGet("/{formKey}/versions/{version:int}", (string tenantId, string formKey, int version, FormsDb db, CancellationToken ct) =>
            ReadAsync(db, tenantId, formKey, version, ct));

        return routes;
    }

    private static async Task<Results<Ok<FormDetails>, ProblemHttpResult>> ReadAsync(FormsDb db, string tenantId, string formKey, int? version, CancellationToken ct)
    {
        var definition = await db.Definitions.PublishedAsync(tenantId, formKey, version, ct);
        if (definition is null)
        {
            return version is null
                ? FormNotFound(tenantId, formKey)
                : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Form version not found",
                    detail: $"Municipality '{tenantId}' has published no version {version} of form '{formKey}'.");
        }

        var adoption = await db.Adoptions.FirstOrDefaultAsync(a => a.TenantId == tenantId && a.FormKey == formKey, ct);
        return TypedResults.Ok(Details(definition, adoption?.Status()));
    }

    public static FormDetails Details(FormDefinition d, UpstreamStatus? upstream) => new(
        d.TenantId, d.Key, d.Version, d.Title, d.Description, d.IsLocationBased, d.ExpectedProcessingDays, Json(d.Schema),
        Texts.Parse(d.Titles), Texts.Parse(d.Descriptions), Json(d.UiHints), d.PublishedAt, d.Lineage, upstream);

    public static JsonElement Json(string text)
    {
        using var document = JsonDocument.Parse(text);
        return document.RootElement.Clone();
    }

    public static Task<FormDefinition?> LatestAsync(this IQueryable<FormDefinition> definitions, string tenantId, string formKey, CancellationToken ct) =>
        definitions.PublishedAsync(tenantId, formKey, version: null, ct);

    /// <param name="version">The published version wanted; null for the latest.</param>
    public static Task<FormDefinition?> PublishedAsync(this IQueryable<FormDefinition> definitions, string tenantId, string formKey, int? version, CancellationToken ct) =>
        definitions.Where(d => d.TenantId == tenantId && d.Key == formKey && (version == null || d.Version == version))
            .OrderByDescending(d => d.Version).FirstOrDefaultAsync(ct);

    public static ProblemHttpResult FormNotFound(string tenantId, string formKey) =>
        TypedResults.Problem(
            statusCode: StatusCodes.Status404NotFound,
            title: "Form not found",
            detail: $"Municipality '{tenantId}' publishes no form '{formKey}'.");
}
