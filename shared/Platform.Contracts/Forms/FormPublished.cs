namespace Platform.Contracts.Forms;

/// <summary>A municipality published a new, immutable version of one of its forms; citizens now submit against it.</summary>
/// <param name="Title">The title in the form's main language (the first one its designer gave).</param>
/// <param name="SourceTenantId">For a form adopted from the shared catalogue: the municipality it came from; null for a form of its own.</param>
public sealed record FormPublished(
    string TenantId,
    string FormKey,
    int Version,
    string Title,
    bool IsLocationBased,
    int ExpectedProcessingDays,
    DateTimeOffset PublishedAt,
    string? SourceTenantId = null,
    string? SourceFormKey = null,
    int? SourceVersion = null);
