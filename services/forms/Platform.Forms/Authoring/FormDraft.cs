using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Authoring;

/// <summary>
/// The next version of a form while its designers work on it: at most one per form, editable until published, and seen by
/// no one outside the municipality's designers. Publishing turns it into an immutable <see cref="FormDefinition"/>.
/// </summary>
public sealed class FormDraft : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string Key { get; init; }
    public required string Titles { get; set; }
    public required string Descriptions { get; set; }
    public required string Schema { get; set; }
    public required string UiHints { get; set; }
    public bool IsLocationBased { get; set; }
    public int ExpectedProcessingDays { get; set; }

    /// <summary>For an adopted form, the catalogue version this draft was taken from.</summary>
    public Lineage? Lineage { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }
    public required string UpdatedBy { get; set; }
}
