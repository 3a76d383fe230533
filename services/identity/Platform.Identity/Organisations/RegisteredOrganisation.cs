using Platform.Contracts.Identity;

namespace Platform.Identity.Organisations;

/// <summary>A member of the network: a municipality (whose id is the tenant id everywhere) or a partner company.</summary>
public sealed class RegisteredOrganisation
{
    /// <summary>A short, stable slug such as "fjordby", used in URLs and as the tenant id.</summary>
    public required string Id { get; init; }

    public required string Name { get; set; }
    public required OrganisationKind Kind { get; init; }

    /// <summary>ISO 3166-1 alpha-2.</summary>
    public required string Country { get; init; }

    public DateTimeOffset RegisteredAt { get; init; }

    public Organisation ToContract() => new(Id, Name, Kind, Country);
}
