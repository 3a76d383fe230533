using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Definitions;

/// <summary>
/// One published version of a municipality's e-form: what it asks (a JSON Schema) and how it is shown.
/// A published version never changes; a change is a new version, so every submission can be read
/// against the exact form the citizen saw.
/// </summary>
public sealed class FormDefinition : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string Key { get; init; }
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }

    /// <summary>JSON Schema (draft 2020-12 or draft-07) the answers must satisfy.</summary>
    public required string Schema { get; init; }

    /// <summary>Whether the form reports something at a place (an Open311 service request).</summary>
    public bool IsLocationBased { get; init; }

    public int ExpectedProcessingDays { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
}
