using System.Text.Json;

namespace Platform.Contracts.Forms;

/// <summary>A citizen's submission passed its form's schema and was stored by the forms service.</summary>
/// <param name="Data">The answers exactly as validated against version <paramref name="FormVersion"/>.</param>
public sealed record FormSubmitted(
    Guid SubmissionId,
    string TenantId,
    string FormKey,
    int FormVersion,
    string FormTitle,
    string CitizenId,
    JsonElement Data,
    DateTimeOffset SubmittedAt);
