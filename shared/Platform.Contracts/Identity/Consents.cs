namespace Platform.Contracts.Identity;

/// <summary>A citizen let a partner act for them in one municipality, for the listed forms, until <paramref name="ExpiresAt"/>.</summary>
public sealed record ConsentGranted(
    Guid ConsentId,
    string CitizenId,
    string PartnerId,
    string TenantId,
    IReadOnlyList<string> FormKeys,
    DateTimeOffset ExpiresAt,
    DateTimeOffset GrantedAt);

/// <summary>The citizen withdrew the consent; the partner may no longer act for them from now on.</summary>
public sealed record ConsentRevoked(
    Guid ConsentId,
    string CitizenId,
    string PartnerId,
    string TenantId,
    DateTimeOffset RevokedAt);

/// <summary>A platform admin registered a municipality (a new tenant) or a partner company.</summary>
public sealed record OrganisationRegistered(string OrganisationId, string Name, OrganisationKind Kind, string Country, DateTimeOffset RegisteredAt);

/// <summary>Whether a partner may act for a citizen on one form of one municipality right now.</summary>
public sealed record ConsentCheck(bool Granted, Guid? ConsentId, DateTimeOffset? ExpiresAt);
