using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Definitions;

/// <summary>What a citizen or a channel reads before submitting: the forms a municipality publishes.</summary>
public static class DefinitionEndpoints
{
    public sealed record FormSummary(string TenantId, string Key, int Version, string Title, string Description, bool IsLocationBased, int ExpectedProcessingDays);

    public sealed record FormDetails(string TenantId, string Key, int Version, string Title, string Description, bool IsLocationBased, int ExpectedProcessingDays, JsonElement Schema);

    public static IEndpointRouteBuilder MapFormDefinitions(this IEndpointRouteBuilder routes)
    {
        // No named policy: a municipality's published forms are for anyone with a valid token to read, whether they
        // submit themselves or for a citizen; civil servants see only their own municipality's (ForTenant).
        var forms = routes.MapGroup("/tenants/{tenantId}/forms").WithTags("Form definitions").ForTenant();

        forms.MapGet("/", async (string tenantId, FormsDb db, CancellationToken ct) =>
        {
            var latest = await db.Definitions.Where(d => d.TenantId == tenantId).ToListAsync(ct);
            return latest
                .GroupBy(d => d.Key)
                .Select(g => g.MaxBy(d => d.Version)!)
                .OrderBy(d => d.Title)
                .Select(d => new FormSummary(d.TenantId, d.Key, d.Version, d.Title, d.Description, d.IsLocationBased, d.ExpectedProcessingDays))
                .ToList();
        });

        forms.MapGet("/{formKey}", async Task<Results<Ok<FormDetails>, ProblemHttpResult>> (string tenantId, string formKey, FormsDb db, CancellationToken ct) =>
        {
            var definition = await db.Definitions.LatestAsync(tenantId, formKey, ct);
            if (definition is null)
            {
                return FormNotFound(tenantId, formKey);
            }

            using var schema = JsonDocument.Parse(definition.Schema);
            return TypedResults.Ok(new FormDetails(
                definition.TenantId, definition.Key, definition.Version, definition.Title, definition.Description,
                definition.IsLocationBased, definition.ExpectedProcessingDays, schema.RootElement.Clone()));
        });

        return routes;
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
