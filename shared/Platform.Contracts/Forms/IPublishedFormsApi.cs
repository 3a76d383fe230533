using System.Text.Json;
using Refit;

namespace Platform.Contracts.Forms;

/// <summary>The forms service as a citizen uses it: a municipality's services, their forms, submitting, and rating the service afterwards.</summary>
public interface IPublishedFormsApi
{
    [Get("/tenants/{tenantId}/forms")]
    Task<IApiResponse<List<PublishedFormSummary>>> ListAsync(string tenantId, CancellationToken cancellationToken = default);

    /// <summary>The latest published version.</summary>
    [Get("/tenants/{tenantId}/forms/{formKey}")]
    Task<IApiResponse<PublishedForm>> GetAsync(string tenantId, string formKey, CancellationToken cancellationToken = default);

    /// <summary>A 400 answer is a validation problem whose errors are keyed by JSON pointer (/data/...).</summary>
    [Post("/tenants/{tenantId}/forms/{formKey}/submissions")]
    Task<IApiResponse<SubmittedFormReceipt>> SubmitAsync(string tenantId, string formKey, [Body] SubmissionBody submission,
        [Header("Idempotency-Key")] string idempotencyKey, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/submissions/{submissionId}")]
    Task<IApiResponse<SubmittedFormReceipt>> GetSubmissionAsync(string tenantId, Guid submissionId, CancellationToken cancellationToken = default);

    /// <summary>Once per submission, by the citizen who made it.</summary>
    [Post("/tenants/{tenantId}/submissions/{submissionId}/feedback")]
    Task<IApiResponse<JsonElement>> RateAsync(string tenantId, Guid submissionId, [Body] FeedbackBody feedback, CancellationToken cancellationToken = default);
}

/// <summary>A municipality's form in its list of services: its latest published version.</summary>
public sealed record PublishedFormSummary(string TenantId, string Key, int Version, string Title, string Description, bool IsLocationBased,
    int ExpectedProcessingDays, Dictionary<string, string>? Titles = null);

/// <summary>What is posted to submit: the answers, and the citizen's id when a partner submits for them.</summary>
public sealed record SubmissionBody(JsonElement Data, string? CitizenId = null);

public sealed record SubmittedFormReceipt(Guid SubmissionId, string TenantId, string FormKey, int FormVersion, DateTimeOffset SubmittedAt);

/// <param name="Rating">1 (poor) to 5 (excellent).</param>
public sealed record FeedbackBody(int? Rating, string? Comment);
