using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Identity;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Consents;

/// <summary>
/// This service's copy of a citizen's consent for a partner, kept from identity's ConsentGranted and ConsentRevoked
/// so that a submission or a webhook never waits on identity to ask whether the partner may act.
/// </summary>
public sealed class PartnerConsent : ITenantOwned
{
    public required Guid ConsentId { get; init; }
    public required string TenantId { get; init; }
    public required string CitizenId { get; init; }
    public required string PartnerId { get; init; }
    public required List<string> FormKeys { get; set; }
    public DateTimeOffset ExpiresAt { get; set; }
    public DateTimeOffset? RevokedAt { get; set; }
}

public static class PartnerConsents
{
    /// <summary>Consents standing at <paramref name="now"/>: granted, not revoked, not expired.</summary>
    public static IQueryable<PartnerConsent> Standing(this IQueryable<PartnerConsent> consents, string tenantId, string partnerId, string citizenId, DateTimeOffset now) =>
        consents.IgnoreQueryFilters().Where(c => c.TenantId == tenantId && c.PartnerId == partnerId && c.CitizenId == citizenId && c.RevokedAt == null && c.ExpiresAt > now);

    public static async Task<bool> CoversAsync(this IQueryable<PartnerConsent> consents, string tenantId, string partnerId, string citizenId, string formKey,
        DateTimeOffset now, CancellationToken ct) =>
        (await consents.Standing(tenantId, partnerId, citizenId, now).ToListAsync(ct)).Any(c => c.FormKeys.Contains(formKey));

    /// <summary>The consent as recorded so far, or a new blank one (no forms, not yet expiring) added to the unit of work.</summary>
    public static async Task<PartnerConsent> RecordOfAsync(this DbSet<PartnerConsent> consents, Guid consentId, string tenantId, string citizenId,
        string partnerId, CancellationToken ct)
    {
        if (await consents.IgnoreQueryFilters().FirstOrDefaultAsync(c => c.ConsentId == consentId, ct) is { } known)
        {
            return known;
        }

        var record = new PartnerConsent { ConsentId = consentId, TenantId = tenantId, CitizenId = citizenId, PartnerId = partnerId, FormKeys = [] };
        consents.Add(record);
        return record;
    }
}

/// <summary>Records a granted consent; a revocation that overtook it on the bus keeps it revoked.</summary>
public sealed class RecordConsentGranted(ChannelsDb db, TimeProvider clock) : IdempotentConsumer<ConsentGranted, ChannelsDb>(db, clock)
{
    protected override async Task Handle(ConsentGranted granted, CancellationToken cancellationToken)
    {
        var known = await Db.Consents.RecordOfAsync(granted.ConsentId, granted.TenantId, granted.CitizenId, granted.PartnerId, cancellationToken);
        known.FormKeys = granted.FormKeys.ToList();
        known.ExpiresAt = granted.ExpiresAt;
    }
}

/// <summary>Marks a consent revoked at once; when the grant has not arrived yet, the revocation waits for it as a tombstone.</summary>
public sealed class RecordConsentRevoked(ChannelsDb db, TimeProvider clock) : IdempotentConsumer<ConsentRevoked, ChannelsDb>(db, clock)
{
    protected override async Task Handle(ConsentRevoked revoked, CancellationToken cancellationToken)
    {
        var known = await Db.Consents.RecordOfAsync(revoked.ConsentId, revoked.TenantId, revoked.CitizenId, revoked.PartnerId, cancellationToken);
        known.RevokedAt = revoked.RevokedAt;
    }
}
