using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Feedback;

/// <summary>A citizen's rating of the service behind one of their submissions; at most one per submission.</summary>
public sealed class ServiceFeedback : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required Guid SubmissionId { get; init; }

    /// <summary>The form and version the submission was made against, so a municipality can compare versions.</summary>
    public required string FormKey { get; init; }

    public required int FormVersion { get; init; }
    public required int Rating { get; init; }
    public string? Comment { get; init; }
    public DateTimeOffset GivenAt { get; init; }
}
