using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.Forms.Authoring;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Catalogue;

/// <summary>
/// The inter-municipal catalogue: a municipality shares a published form, others browse it and adopt it as their own copy
/// with lineage, tailor that copy, and pull in what the source publishes later.
/// </summary>
public static class CatalogueEndpoints
{
    /// <param name="AdoptionCount">How many copies other municipalities have made of the form.</param>
    public sealed record CatalogueEntry(string SourceTenantId, string FormKey, string Title, string Description, bool IsLocationBased,
        int LatestSharedVersion, IReadOnlyList<int> SharedVersions, int AdoptionCount, DateTimeOffset SharedAt);

    public sealed record AdoptionRequest(string? SourceTenantId, string? FormKey, int? Version, string? NewKey);

    private const string BrowseCatalogue = "browse-catalogue";

    public static IServiceCollection AddCatalogue(this IServiceCollection services) => services.AddAuthorizationBuilder()
        // Municipalities look for forms to adopt, and citizens may see which services are shared; partners and services need not.
        .AddPolicy(BrowseCatalogue, policy => policy.RequireAssertion(c => c.User.IsCivilServant() || c.User.IsCitizen()))
        .Services;

    public static IEndpointRouteBuilder MapCatalogue(this IEndpointRouteBuilder routes)
    {
        var catalogue = routes.MapGroup("/catalogue").WithTags("Catalogue").RequireAuthorization(BrowseCatalogue);
        catalogue.MapGet("/", BrowseAsync);
        catalogue.MapGet("/{sourceTenantId}/{formKey}", async Task<Results<Ok<DefinitionEndpoints.FormDetails>, ProblemHttpResult>> (
            string sourceTenantId, string formKey, int? version, FormsDb db, CancellationToken ct) =>
            await CatalogueShelf.SharedDefinitionAsync(db, sourceTenantId, formKey, version, ct) is { } shared
                ? TypedResults.Ok(DefinitionEndpoints.Details(shared, upstream: null))
                : NotShared(sourceTenantId, formKey, version));

        var designer = routes.MapGroup("/tenants/{tenantId}").WithTags("Catalogue").ForTenant().RequireAuthorization(Policies.FormDesigner);
        designer.MapPost("/forms/{formKey}/share", ShareAsync);
        designer.MapPost("/catalogue/adoptions", AdoptAsync);
        designer.MapPost("/forms/{formKey}/pull-upstream", PullUpstreamAsync);
        return routes;
    }

    /// <param name="search">Words to find in a form's title, description or key (case-insensitive).</param>
    /// <param name="tenant">Only the forms this municipality shares.</param>
    private static async Task<List<CatalogueEntry>> BrowseAsync(string? search, string? tenant, int? limit, int? offset, FormsDb db, HttpContext http,
        CancellationToken ct) =>
        (await EntriesAsync(search, tenant, db, ct)).Page(limit, offset, http);

    private static async Task<List<CatalogueEntry>> EntriesAsync(string? search, string? tenant, FormsDb db, CancellationToken ct)
    {
        var shelf = await db.SharedForms.Where(s => tenant == null || s.SourceTenantId == tenant).ToListAsync(ct);
        var adoptions = await db.Adoptions.IgnoreQueryFilters()
            .GroupBy(a => new { a.SourceTenantId, a.SourceFormKey })
            .Select(g => new { g.Key.SourceTenantId, g.Key.SourceFormKey, Count = g.Count() })
            .ToListAsync(ct);

        // The catalogue is small (a few forms per municipality), so matching words in memory keeps the query provider-neutral.
        var words = (search ?? "").Split(' ', StringSplitOptions.RemoveEmptyEntries);
        return shelf
            .GroupBy(s => (s.SourceTenantId, s.FormKey))
            .Select(g => (Latest: g.MaxBy(s => s.Version)!, Versions: g.Select(s => s.Version).Order().ToList()))
            .Where(f => words.All(word => $"{f.Latest.Title} {f.Latest.Description} {f.Latest.FormKey}".Contains(word, StringComparison.OrdinalIgnoreCase)))
            .Select(f => new CatalogueEntry(f.Latest.SourceTenantId, f.Latest.FormKey, f.Latest.Title, f.Latest.Description, f.Latest.IsLocationBased,
                f.Latest.Version, f.Versions,
                adoptions.FirstOrDefault(a => a.SourceTenantId == f.Latest.SourceTenantId && a.SourceFormKey == f.Latest.FormKey)?.Count ?? 0,
                f.Latest.SharedAt))
            .OrderBy(e => e.Title).ThenBy(e => e.SourceTenantId).ThenBy(e => e.FormKey, StringComparer.Ordinal)
            .ToList();
    }

    /// <param name="version">The published version to share; the latest when left out. Later versions are shared as they are published.</param>
    private static async Task<Results<Created<CatalogueEntry>, Ok<CatalogueEntry>, ProblemHttpResult>> ShareAsync(
        string tenantId, string formKey, int? version, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var published = await db.Definitions.PublishedAsync(tenantId, formKey, version, ct);
        if (published is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Form not found",
                detail: $"Municipality '{tenantId}' has published no {(version is null ? "" : $"version {version} of ")}form '{formKey}' to share.");
        }

        var alreadyShared = await db.SharedForms.AnyAsync(s => s.SourceTenantId == tenantId && s.FormKey == formKey && s.Version == published.Version, ct);
        if (!alreadyShared)
        {
            await CatalogueShelf.ShareAsync(db, published, clock, ct);
            await db.SaveChangesAsync(ct);
        }

        var entry = (await EntriesAsync(search: null, tenantId, db, ct)).Single(e => e.FormKey == formKey);
        // Sharing what is already shared changes nothing, so a repeated request is safe.
        return alreadyShared ? TypedResults.Ok(entry) : TypedResults.Created($"/catalogue/{tenantId}/{formKey}", entry);
    }

    private static async Task<Results<Created<DraftEndpoints.DraftView>, ValidationProblem, ProblemHttpResult>> AdoptAsync(
        string tenantId, AdoptionRequest request, ClaimsPrincipal caller, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (string.IsNullOrWhiteSpace(request.SourceTenantId))
        {
            errors["/sourceTenantId"] = ["Required: the municipality that shares the form."];
        }
        else if (request.SourceTenantId == tenantId)
        {
            errors["/sourceTenantId"] = ["A municipality adopts another municipality's form; edit your own form's draft instead."];
        }

        if (string.IsNullOrWhiteSpace(request.FormKey))
        {
            errors["/formKey"] = ["Required: the shared form's key."];
        }

        if (request.Version is < 1)
        {
            errors["/version"] = ["When given, a version number from 1."];
        }

        var key = request.NewKey ?? request.FormKey;
        if (request.NewKey is not null && !DraftEndpoints.IsFormKey(request.NewKey))
        {
            errors["/newKey"] = ["2 to 64 lower-case letters, digits and hyphens, starting with a letter or digit."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The adoption is not valid.");
        }

        var source = await CatalogueShelf.SharedDefinitionAsync(db, request.SourceTenantId!, request.FormKey!, request.Version, ct);
        if (source is null)
        {
            return NotShared(request.SourceTenantId!, request.FormKey!, request.Version);
        }

        if (await DraftEndpoints.KeyTakenAsync(db, tenantId, key!, ct))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Form key taken",
                detail: $"Municipality '{tenantId}' already has a form '{key}'; choose another key (/newKey).");
        }

        var latestShared = await db.SharedForms.Where(s => s.SourceTenantId == source.TenantId && s.FormKey == source.Key).MaxAsync(s => s.Version, ct);
        var now = clock.GetUtcNow();
        var draft = new FormDraft
        {
            TenantId = tenantId,
            Key = key!,
            Titles = source.Titles,
            Descriptions = source.Descriptions,
            Schema = source.Schema,
            UiHints = source.UiHints,
            IsLocationBased = source.IsLocationBased,
            ExpectedProcessingDays = source.ExpectedProcessingDays,
            Lineage = new Lineage(source.TenantId, source.Key, source.Version),
            UpdatedAt = now,
            UpdatedBy = caller.SubjectId() ?? "unknown",
        };
        db.Drafts.Add(draft);
        db.Adoptions.Add(new Adoption
        {
            TenantId = tenantId,
            FormKey = draft.Key,
            SourceTenantId = source.TenantId,
            SourceFormKey = source.Key,
            AdoptedVersion = source.Version,
            UpstreamVersion = latestShared,
            AdoptedAt = now,
        });
        db.Publish(new FormAdopted(tenantId, draft.Key, source.TenantId, source.Key, source.Version, now), clock);
        await db.SaveChangesAsync(ct);
        return TypedResults.Created($"/tenants/{tenantId}/forms/{draft.Key}/draft", await DraftEndpoints.ViewAsync(db, draft, ct));
    }

    /// <summary>
    /// Takes the newest shared upstream version into the copy's draft. What the form asks (schema, UI hints, whether it is
    /// location-based) follows upstream; what the municipality tailored for its own citizens (texts, processing time) is kept.
    /// </summary>
    private static async Task<Results<Ok<DraftEndpoints.DraftView>, ProblemHttpResult>> PullUpstreamAsync(
        string tenantId, string formKey, ClaimsPrincipal caller, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var adoption = await db.Adoptions.FirstOrDefaultAsync(a => a.TenantId == tenantId && a.FormKey == formKey, ct);
        if (adoption is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not an adopted form",
                detail: $"Municipality '{tenantId}' has no form '{formKey}' adopted from the catalogue.");
        }

        if (adoption.UpstreamVersion <= adoption.AdoptedVersion)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already up to date",
                detail: $"Form '{formKey}' already has upstream version {adoption.AdoptedVersion} of '{adoption.SourceTenantId}/{adoption.SourceFormKey}'.");
        }

        var upstream = await CatalogueShelf.SharedDefinitionAsync(db, adoption.SourceTenantId, adoption.SourceFormKey, adoption.UpstreamVersion, ct)
            ?? throw new InvalidOperationException($"Shared version {adoption.UpstreamVersion} of {adoption.SourceTenantId}/{adoption.SourceFormKey} is missing.");

        var draft = await db.Drafts.FirstOrDefaultAsync(d => d.TenantId == tenantId && d.Key == formKey, ct);
        if (draft is null)
        {
            var own = await db.Definitions.LatestAsync(tenantId, formKey, ct);
            draft = new FormDraft
            {
                TenantId = tenantId,
                Key = formKey,
                Titles = own?.Titles ?? upstream.Titles,
                Descriptions = own?.Descriptions ?? upstream.Descriptions,
                ExpectedProcessingDays = own?.ExpectedProcessingDays ?? upstream.ExpectedProcessingDays,
                Schema = upstream.Schema,
                UiHints = upstream.UiHints,
                UpdatedBy = caller.SubjectId() ?? "unknown",
            };
            db.Drafts.Add(draft);
        }

        draft.Schema = upstream.Schema;
        draft.UiHints = upstream.UiHints;
        draft.IsLocationBased = upstream.IsLocationBased;
        draft.Lineage = new Lineage(upstream.TenantId, upstream.Key, upstream.Version);
        draft.UpdatedAt = clock.GetUtcNow();
        draft.UpdatedBy = caller.SubjectId() ?? "unknown";
        adoption.AdoptedVersion = upstream.Version;
        await db.SaveChangesAsync(ct);
        return TypedResults.Ok(await DraftEndpoints.ViewAsync(db, draft, ct));
    }

    private static ProblemHttpResult NotShared(string sourceTenantId, string formKey, int? version) =>
        TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not in the catalogue",
            detail: $"Municipality '{sourceTenantId}' shares no {(version is null ? "" : $"version {version} of ")}form '{formKey}' in the catalogue.");
}
