namespace Platform.Forms.Catalogue;

/// <summary>
/// One published version a municipality offered to the inter-municipal catalogue. Not tenant-owned on purpose: the
/// catalogue is the one place every municipality reads across municipalities; it holds only what the source chose to share.
/// </summary>
public sealed class SharedForm
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string SourceTenantId { get; init; }
    public required string FormKey { get; init; }
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required string Description { get; init; }
    public bool IsLocationBased { get; init; }
    public DateTimeOffset SharedAt { get; init; }
}
