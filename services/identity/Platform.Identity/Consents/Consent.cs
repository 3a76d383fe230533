using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Security;

namespace Platform.Identity.Consents;

/// <summary>A citizen's permission for a partner to submit the listed forms for them in one municipality, until it expires or is revoked.</summary>
public sealed class Consent : ITenantOwned
{
    public Guid Id { get; init; }
    public required string CitizenId { get; init; }
    public required string PartnerId { get; init; }
    public required string TenantId { get; init; }
    public List<string> FormKeys { get; init; } = [];
    public DateTimeOffset ExpiresAt { get; init; }
    public DateTimeOffset GrantedAt { get; init; }
    public DateTimeOffset? RevokedAt { get; private set; }

    public bool Allows(string formKey, DateTimeOffset now) => RevokedAt is null && ExpiresAt > now && FormKeys.Contains(formKey);

    /// <summary>Revokes the consent; false when it already was, so a repeated revocation announces nothing.</summary>
    public bool Revoke(DateTimeOffset now)
    {
        if (RevokedAt is not null)
        {
            return false;
        }

        RevokedAt = now;
        return true;
    }

    public ConsentView ToView() => new(Id, CitizenId, PartnerId, TenantId, FormKeys, ExpiresAt, GrantedAt, RevokedAt);

    public ConsentGranted ToGranted() => new(Id, CitizenId, PartnerId, TenantId, FormKeys, ExpiresAt, GrantedAt);
}

public sealed record ConsentView(
    Guid Id, string CitizenId, string PartnerId, string TenantId, IReadOnlyList<string> FormKeys,
    DateTimeOffset ExpiresAt, DateTimeOffset GrantedAt, DateTimeOffset? RevokedAt);
