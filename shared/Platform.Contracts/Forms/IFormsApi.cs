using System.Text.Json;
using Refit;

namespace Platform.Contracts.Forms;

/// <summary>The forms service's public API, as another service reads a municipality's published forms.</summary>
public interface IFormsApi
{
    /// <summary>One published version, old ones included: what a submission made against it was validated with.</summary>
    [Get("/tenants/{tenantId}/forms/{formKey}/versions/{version}")]
    Task<IApiResponse<PublishedForm>> GetVersionAsync(string tenantId, string formKey, int version, CancellationToken cancellationToken = default);
}

/// <summary>A published, immutable version of a municipality's form (the forms service's FormDetails, in part).</summary>
/// <param name="Titles">The title by language code (the first is the main one); null from older servers.</param>
/// <param name="UiHints">How to lay the questions out, e.g. {"order": [...]}.</param>
public sealed record PublishedForm(string TenantId, string Key, int Version, string Title, int ExpectedProcessingDays, JsonElement Schema,
    bool IsLocationBased, DateTimeOffset PublishedAt, string Description = "", Dictionary<string, string>? Titles = null,
    Dictionary<string, string>? Descriptions = null, JsonElement? UiHints = null, FormUpstream? Upstream = null);
