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

    /// <summary>The title in the form's main language; <see cref="Titles"/> has every language.</summary>
    public required string Title { get; init; }

    public required string Description { get; init; }

    /// <summary>The title by language code, as a JSON object ({"nb": "...", "en": "..."}); the first is the main language.</summary>
    public required string Titles { get; init; }

    /// <summary>The description by language code, as a JSON object.</summary>
    public required string Descriptions { get; init; }

    /// <summary>JSON Schema (draft 2020-12 or draft-07) the answers must satisfy.</summary>
    public required string Schema { get; init; }

    /// <summary>How a portal lays the form out (free JSON the forms service keeps but does not interpret).</summary>
    public string UiHints { get; init; } = "{}";

    /// <summary>Whether the form reports something at a place (an Open311 service request).</summary>
    public bool IsLocationBased { get; init; }

    public int ExpectedProcessingDays { get; init; }
    public DateTimeOffset PublishedAt { get; init; }

    /// <summary>Where an adopted form came from; null for the municipality's own.</summary>
    public Lineage? Lineage { get; init; }
}

/// <summary>The catalogue form a municipality's copy was made from: which municipality, which form, which version.</summary>
public sealed record Lineage(string SourceTenantId, string SourceFormKey, int SourceVersion);
