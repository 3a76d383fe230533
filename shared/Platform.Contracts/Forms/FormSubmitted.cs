using System.Text.Json;

namespace Platform.Contracts.Forms;

/// <summary>A citizen's submission passed its form's schema and was stored by the forms service.</summary>
/// <param name="Data">The answers exactly as validated against version <paramref name="FormVersion"/>.</param>
/// <param name="ExpectedProcessingDays">The version's promised processing time, from which the case's due date is set; null from older publishers.</param>
/// <param name="SubmittedVia">The partner that submitted for the citizen under their consent; null when the citizen submitted themself.</param>
public sealed record FormSubmitted(
    Guid SubmissionId,
    string TenantId,
    string FormKey,
    int FormVersion,
    string FormTitle,
    string CitizenId,
    JsonElement Data,
    DateTimeOffset SubmittedAt,
    string? SubmittedVia = null,
    int? ExpectedProcessingDays = null);
