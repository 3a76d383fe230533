using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Catalogue;

/// <summary>A municipality's copy (<see cref="FormKey"/>) of another municipality's shared form, and how far behind it is.</summary>
public sealed class Adoption : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The adopting municipality.</summary>
    public required string TenantId { get; init; }

    /// <summary>The adopter's own key for its copy.</summary>
    public required string FormKey { get; init; }

    public required string SourceTenantId { get; init; }
    public required string SourceFormKey { get; init; }

    /// <summary>The upstream version the copy was last taken from (at adoption or by a pull).</summary>
    public int AdoptedVersion { get; set; }

    /// <summary>The newest version the source has shared.</summary>
    public int UpstreamVersion { get; set; }

    public DateTimeOffset AdoptedAt { get; init; }

    public UpstreamStatus Status() => new(SourceTenantId, SourceFormKey, AdoptedVersion, UpstreamVersion, UpstreamVersion > AdoptedVersion);
}

/// <param name="UpdateAvailable">The source shared a version newer than the copy was taken from; pull-upstream takes it into a draft.</param>
public sealed record UpstreamStatus(string SourceTenantId, string SourceFormKey, int AdoptedVersion, int UpstreamVersion, bool UpdateAvailable);
