using System.Text.Json;
using Refit;

namespace Platform.Contracts.Forms;

/// <summary>The forms service's public API, as another service reads a municipality's published forms.</summary>
public interface IFormsApi
{
    /// <summary>One published version, old ones included: what a submission made against it was validated with.</summary>
    [Get("/tenants/{tenantId}/forms/{formKey}/versions/{version}")]
    Task<IApiResponse<PublishedForm>> GetVersionAsync(string tenantId, string formKey, int version, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits for a citizen with the caller's own bearer token (a partner's, holding forms.submit), so forms checks the
    /// partner's consent and records it as SubmittedVia. The raw answer, whatever its status, for passing on unchanged.
    /// </summary>
    /// <param name="idempotencyKey">Makes a retried POST safe: forms answers a repeat with the original submission.</param>
    [Post("/tenants/{tenantId}/forms/{formKey}/submissions")]
    Task<HttpResponseMessage> SubmitAsync(string tenantId, string formKey, [Body] FormSubmissionRequest submission,
        [Authorize("Bearer")] string accessToken, [Header("Idempotency-Key")] string idempotencyKey, [Query] int? version = null,
        CancellationToken cancellationToken = default);
}

/// <summary>What a submission posts: the citizen (required when a partner submits for one) and the answers.</summary>
public sealed record FormSubmissionRequest(string? CitizenId, JsonElement Data);

/// <summary>A published, immutable version of a municipality's form (the forms service's FormDetails, in part).</summary>
/// <param name="Titles">The title by language code (the first is the main one); null from older servers.</param>
/// <param name="UiHints">How to lay the questions out, e.g. {"order": [...]}.</param>
public sealed record PublishedForm(string TenantId, string Key, int Version, string Title, int ExpectedProcessingDays, JsonElement Schema,
    bool IsLocationBased, DateTimeOffset PublishedAt, string Description = "", Dictionary<string, string>? Titles = null,
    Dictionary<string, string>? Descriptions = null, JsonElement? UiHints = null, FormUpstream? Upstream = null);
