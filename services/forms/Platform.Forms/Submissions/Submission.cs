namespace Platform.Forms.Submissions;

/// <summary>A citizen's answers to one version of a form, stored as they were validated.</summary>
public sealed class Submission
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string FormKey { get; init; }
    public required int FormVersion { get; init; }
    public required string CitizenId { get; init; }

    /// <summary>The answers as JSON text.</summary>
    public required string Data { get; init; }

    public DateTimeOffset SubmittedAt { get; init; }
}
