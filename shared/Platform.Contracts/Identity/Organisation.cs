using System.Text.Json.Serialization;

namespace Platform.Contracts.Identity;

[JsonConverter(typeof(JsonStringEnumConverter<OrganisationKind>))]
public enum OrganisationKind
{
    Municipality,
    Partner,
}

/// <summary>A member of the network as the identity service publishes it: a municipality (a tenant) or a partner.</summary>
public sealed record Organisation(string Id, string Name, OrganisationKind Kind, string Country);
