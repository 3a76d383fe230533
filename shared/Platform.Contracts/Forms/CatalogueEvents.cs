namespace Platform.Contracts.Forms;

/// <summary>A municipality offered a published version of its form to the inter-municipal catalogue, for others to adopt.</summary>
public sealed record FormSharedToCatalogue(
    string SourceTenantId,
    string FormKey,
    int Version,
    string Title,
    DateTimeOffset SharedAt);

/// <summary>A municipality adopted a form from the catalogue: it now has its own copy, <paramref name="FormKey"/>, to tailor and publish.</summary>
public sealed record FormAdopted(
    string TenantId,
    string FormKey,
    string SourceTenantId,
    string SourceFormKey,
    int SourceVersion,
    DateTimeOffset AdoptedAt);

/// <summary>
/// The municipality a form was adopted from shared a newer version; the adopter (<paramref name="TenantId"/>) may pull it
/// into a draft of its copy. One event per adopter, so each is told about its own copy.
/// </summary>
public sealed record UpstreamVersionAvailable(
    string TenantId,
    string FormKey,
    string SourceTenantId,
    string SourceFormKey,
    int UpstreamVersion,
    int AdoptedVersion,
    DateTimeOffset SharedAt);
