namespace Platform.Contracts.Forms;

/// <summary>
/// A citizen rated the service behind a submission they made. The citizen is left out on purpose: feedback is read
/// in aggregate per form and version, and nobody downstream needs to know who was unhappy.
/// </summary>
/// <param name="Rating">1 (poor) to 5 (excellent).</param>
public sealed record FeedbackReceived(
    Guid FeedbackId,
    Guid SubmissionId,
    string TenantId,
    string FormKey,
    int FormVersion,
    int Rating,
    string? Comment,
    DateTimeOffset GivenAt);
