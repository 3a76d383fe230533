using Platform.ServiceDefaults.Security;

namespace Platform.Cases.PartnerData;

/// <summary>A data record a partner pushed through the channels service (a meter reading, an income report), attached to one case.</summary>
public sealed class PartnerDataRecord : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required Guid CaseId { get; init; }

    /// <summary>The channels service's id of the record; with the case, the natural key, so a redelivery attaches nothing twice.</summary>
    public required Guid RecordId { get; init; }

    public required string PartnerId { get; init; }
    public required string SchemaKey { get; init; }

    /// <summary>The record's data as the partner sent it (JSON).</summary>
    public required string Data { get; init; }

    public DateTimeOffset ReceivedAt { get; init; }
    public DateTimeOffset AttachedAt { get; init; }
}
