using System.Text.Json;
using Refit;

namespace Platform.Partners.Sdk;

/// <summary>
/// The channels API as a partner calls it, through the gateway (<c>http://127.0.0.1:8080/api/channels</c> locally).
/// Everything is under the partner's own id, which must be the organisation in its token. A refusal is an RFC 9457
/// problem: Refit raises it as an <see cref="ApiException"/> (a <see cref="ValidationApiException"/> for a 400 with
/// field errors), except where the method returns the <see cref="IApiResponse{T}"/> itself.
/// </summary>
public interface IChannelsApi
{
    /// <summary>Asks a municipality to accept the partner as a channel; it is Pending until the municipality's admin approves.</summary>
    [Post("/partners/{partnerId}/agreements")]
    Task<Agreement> ApplyAsync(string partnerId, [Body] AgreementApplication application, CancellationToken cancellationToken = default);

    [Get("/partners/{partnerId}/agreements")]
    Task<List<Agreement>> AgreementsAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>
    /// Submits a form for a citizen who consented. The answer is the forms service's own: 201 with a receipt, or its
    /// problem (400 with the failing fields by JSON pointer, 404, 409) unchanged; 403 when no agreement or consent covers it.
    /// </summary>
    /// <param name="idempotencyKey">Send the same key again with the same body after a lost answer, and get the original receipt instead of a second case.</param>
    [Post("/partners/{partnerId}/tenants/{tenantId}/forms/{formKey}/submissions")]
    Task<IApiResponse<SubmissionReceipt>> SubmitAsync(string partnerId, string tenantId, string formKey, [Body] CitizenSubmission submission,
        [Header("Idempotency-Key")] string? idempotencyKey = null, CancellationToken cancellationToken = default);

    /// <summary>A municipality's data schema, which records must satisfy.</summary>
    [Get("/tenants/{tenantId}/data-schemas/{schemaKey}")]
    Task<DataSchema> DataSchemaAsync(string tenantId, string schemaKey, CancellationToken cancellationToken = default);

    /// <summary>Pushes a record; a 400 names every failing field by JSON pointer and nothing is stored.</summary>
    [Post("/partners/{partnerId}/tenants/{tenantId}/data/{schemaKey}/records")]
    Task<IApiResponse<DataRecord>> PushAsync(string partnerId, string tenantId, string schemaKey, [Body] DataRecordRequest record,
        CancellationToken cancellationToken = default);

    /// <summary>Subscribes an endpoint; the answer carries the signing secret, once. The subscription stays PendingVerification until <see cref="VerifyAsync"/>.</summary>
    [Post("/partners/{partnerId}/webhooks")]
    Task<Subscription> SubscribeAsync(string partnerId, [Body] SubscriptionRequest request, CancellationToken cancellationToken = default);

    [Get("/partners/{partnerId}/webhooks")]
    Task<List<Subscription>> SubscriptionsAsync(string partnerId, CancellationToken cancellationToken = default);

    /// <summary>Sends the endpoint a signed challenge it must echo; when it does, the subscription becomes Active.</summary>
    [Post("/partners/{partnerId}/webhooks/{subscriptionId}/verification")]
    Task<Subscription> VerifyAsync(string partnerId, Guid subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>A new secret; the old one keeps signing too (both signatures are sent) until the overlap ends.</summary>
    [Post("/partners/{partnerId}/webhooks/{subscriptionId}/secret-rotation")]
    Task<RotatedSecret> RotateSecretAsync(string partnerId, Guid subscriptionId, [Body] SecretRotation rotation, CancellationToken cancellationToken = default);

    /// <summary>The latest deliveries with every attempt (status code, duration, error).</summary>
    [Get("/partners/{partnerId}/webhooks/{subscriptionId}/deliveries")]
    Task<List<Delivery>> DeliveriesAsync(string partnerId, Guid subscriptionId, CancellationToken cancellationToken = default);

    /// <summary>Sends one event again, or every event queued in a time range, whatever became of them before.</summary>
    [Post("/partners/{partnerId}/webhooks/{subscriptionId}/replay")]
    Task<ReplayResult> ReplayAsync(string partnerId, Guid subscriptionId, [Body] ReplayRequest replay, CancellationToken cancellationToken = default);
}

/// <summary>What a partner asks a municipality for: the forms it would submit, the events it would hear, the data it would push.</summary>
public sealed record AgreementApplication(string? TenantId, List<string>? FormKeys, List<string>? EventTypes, List<string>? DataSchemas, string? Purpose = null);

/// <param name="Status">Pending, Approved or Terminated.</param>
public sealed record Agreement(Guid Id, string PartnerId, string TenantId, string Status, IReadOnlyList<string> FormKeys, IReadOnlyList<string> EventTypes,
    IReadOnlyList<string> DataSchemas, string? Purpose, DateTimeOffset AppliedAt, DateTimeOffset? DecidedAt);

/// <summary>A form's answers for <paramref name="CitizenId"/>, as the municipality's form (its JSON Schema) asks for them.</summary>
public sealed record CitizenSubmission(string? CitizenId, JsonElement Data);

/// <summary>The forms service's receipt for an accepted submission; its case opens from it.</summary>
public sealed record SubmissionReceipt(Guid SubmissionId, string TenantId, string FormKey, int FormVersion, DateTimeOffset SubmittedAt);

public sealed record DataSchema(string TenantId, string Key, int Version, string Title, JsonElement Schema, DateTimeOffset PublishedAt);

/// <summary>One data record; name the citizen it concerns, the case it belongs to, or both.</summary>
public sealed record DataRecordRequest(string? CitizenId, Guid? CaseId, JsonElement Data);

public sealed record DataRecord(Guid Id, string TenantId, string SchemaKey, int SchemaVersion, string? CitizenId, Guid? CaseId, DateTimeOffset ReceivedAt);

/// <param name="EventTypes">CloudEvents types from <see cref="WebhookEventTypes"/>, within the municipality's agreement.</param>
public sealed record SubscriptionRequest(string? TenantId, string? Url, List<string>? EventTypes);

/// <param name="Status">PendingVerification until the endpoint echoed its challenge, then Active.</param>
/// <param name="Secret">The signing secret (<c>whsec_...</c>): only in the answer that created the subscription.</param>
public sealed record Subscription(Guid Id, string PartnerId, string TenantId, string Url, IReadOnlyList<string> EventTypes, string Status,
    DateTimeOffset CreatedAt, DateTimeOffset? VerifiedAt, string? Secret = null);

/// <param name="OverlapHours">How long the old secret keeps signing alongside the new one (default 24).</param>
public sealed record SecretRotation(int? OverlapHours = null);

public sealed record RotatedSecret(string Secret, DateTimeOffset PreviousSecretExpiresAt);

/// <param name="Status">Pending (retrying), Delivered or Failed (gave up after the retry window).</param>
public sealed record Delivery(Guid Id, Guid EventId, string EventType, string Status, int Attempts, int? LastStatusCode, string? LastError,
    DateTimeOffset CreatedAt, DateTimeOffset? NextAttemptAt, DateTimeOffset? DeliveredAt, IReadOnlyList<DeliveryAttempt> AttemptLog);

/// <param name="StatusCode">The endpoint's answer; null when none came (refused, timed out, blocked address).</param>
public sealed record DeliveryAttempt(DateTimeOffset At, int? StatusCode, double DurationMs, string? Error);

/// <summary>One event by its id, or every event queued from <paramref name="From"/> to <paramref name="To"/>.</summary>
public sealed record ReplayRequest(Guid? EventId = null, DateTimeOffset? From = null, DateTimeOffset? To = null);

public sealed record ReplayResult(int Requeued);

/// <summary>The CloudEvents types a partner may subscribe to, and the one the verification challenge carries.</summary>
public static class WebhookEventTypes
{
    public const string CaseOpened = "case.opened";
    public const string CaseStatusChanged = "case.status-changed";
    public const string CaseDecided = "case.decided";
    public const string CaseInformationRequested = "case.information-requested";
    public const string CaseMessagePosted = "case.message-posted";

    /// <summary>Sent once when a subscription is verified; answer 2xx with <c>{"challenge": data.challenge}</c>.</summary>
    public const string Verification = "webhook.verification";

    public static readonly IReadOnlyList<string> Subscribable = [CaseOpened, CaseStatusChanged, CaseDecided, CaseInformationRequested, CaseMessagePosted];
}
