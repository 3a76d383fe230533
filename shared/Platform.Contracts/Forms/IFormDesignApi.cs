using System.Text.Json;
using Refit;

namespace Platform.Contracts.Forms;

/// <summary>The forms service as a municipality's form designer uses it: drafts, publishing, the shared catalogue and what citizens thought.</summary>
public interface IFormDesignApi
{
    [Get("/tenants/{tenantId}/forms/{formKey}/versions")]
    Task<IApiResponse<List<FormVersionSummary>>> VersionsAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/forms/{formKey}/draft")]
    Task<IApiResponse<FormDraftView>> GetDraftAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/forms")]
    Task<IApiResponse<FormDraftView>> CreateDraftAsync(string tenantId, [Body] FormDraftBody draft, CancellationToken cancellationToken = default);

    /// <summary>Replaces the draft; on a published form without one, starts the draft of its next version.</summary>
    [Put("/tenants/{tenantId}/forms/{formKey}/draft")]
    Task<IApiResponse<FormDraftView>> SaveDraftAsync(string tenantId, string formKey, [Body] FormDraftBody draft, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/forms/{formKey}/publish")]
    Task<IApiResponse<PublishedForm>> PublishAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/forms/{formKey}/share")]
    Task<IApiResponse<CatalogueListing>> ShareAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    [Get("/catalogue")]
    Task<IApiResponse<List<CatalogueListing>>> BrowseCatalogueAsync([Query] string? search, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/catalogue/adoptions")]
    Task<IApiResponse<FormDraftView>> AdoptAsync(string tenantId, [Body] AdoptionBody adoption, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/forms/{formKey}/pull-upstream")]
    Task<IApiResponse<FormDraftView>> PullUpstreamAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/forms/{formKey}/feedback")]
    Task<IApiResponse<FormRatings>> FeedbackAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);
}

public sealed record FormVersionSummary(int Version, string Title, DateTimeOffset PublishedAt);

/// <summary>A form as its designer writes it; texts by language code, the first language the main one.</summary>
public sealed record FormDraftBody(string? Key, Dictionary<string, string> Titles, Dictionary<string, string> Descriptions, JsonElement Schema,
    JsonElement? UiHints, int ExpectedProcessingDays, bool IsLocationBased);

/// <param name="PublishedVersion">The latest published version, which publishing this draft follows; null before the first.</param>
/// <param name="Upstream">For an adopted form, how its copy stands against the municipality it came from.</param>
public sealed record FormDraftView(string TenantId, string Key, int? PublishedVersion, Dictionary<string, string> Titles,
    Dictionary<string, string> Descriptions, JsonElement Schema, JsonElement UiHints, bool IsLocationBased, int ExpectedProcessingDays,
    DateTimeOffset UpdatedAt, string UpdatedBy, FormUpstream? Upstream = null);

/// <summary>An adopted form's standing against its source: a newer shared version may be pulled into the draft.</summary>
public sealed record FormUpstream(string SourceTenantId, string SourceFormKey, int AdoptedVersion, int UpstreamVersion, bool UpdateAvailable);

public sealed record CatalogueListing(string SourceTenantId, string FormKey, string Title, string Description, bool IsLocationBased,
    int LatestSharedVersion, IReadOnlyList<int> SharedVersions, int AdoptionCount, DateTimeOffset SharedAt);

public sealed record AdoptionBody(string SourceTenantId, string FormKey, int? Version, string? NewKey);

public sealed record FeedbackComment(int FormVersion, int Rating, string Text, DateTimeOffset GivenAt);

/// <param name="Distribution">How many gave each rating, "1" to "5".</param>
public sealed record FeedbackRatings(int Count, double? Mean, IReadOnlyDictionary<string, int> Distribution, IReadOnlyList<FeedbackComment> RecentComments);

public sealed record VersionFeedback(int Version, FeedbackRatings Ratings);

public sealed record FormRatings(string TenantId, string FormKey, FeedbackRatings Overall, IReadOnlyList<VersionFeedback> Versions);
