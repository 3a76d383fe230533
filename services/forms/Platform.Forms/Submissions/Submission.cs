using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Submissions;

/// <summary>A citizen's answers to one version of a form, stored as they were validated.</summary>
public sealed class Submission : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string FormKey { get; init; }
    public required int FormVersion { get; init; }
    public required string CitizenId { get; init; }

    /// <summary>The answers as JSON text.</summary>
    public required string Data { get; init; }

    /// <summary>The partner that submitted for the citizen under their consent; null when the citizen submitted themself.</summary>
    public string? SubmittedVia { get; init; }

    /// <summary>The caller (party and subject) whose Idempotency-Keys this submission's key is among.</summary>
    public required string SubmittedBy { get; init; }

    /// <summary>The caller's Idempotency-Key, if it sent one; unique per municipality and caller.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>A digest of the request that used <see cref="IdempotencyKey"/>, to tell a retry from a different request.</summary>
    public string? RequestFingerprint { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
}
