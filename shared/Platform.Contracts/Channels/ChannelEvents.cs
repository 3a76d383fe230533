using System.Text.Json;

namespace Platform.Contracts.Channels;

/// <summary>
/// A partner pushed a data record (a meter reading, an income report) that passed the municipality's data schema.
/// It names the case it belongs to, or the citizen it concerns, or both.
/// </summary>
public sealed record PartnerDataReceived(
    Guid RecordId,
    string TenantId,
    string PartnerId,
    string SchemaKey,
    string? CitizenId,
    Guid? CaseId,
    JsonElement Data,
    DateTimeOffset ReceivedAt);

/// <summary>The forms service accepted a submission a partner made for a citizen through its channel.</summary>
public sealed record ChannelSubmissionAccepted(
    Guid SubmissionId,
    string TenantId,
    string PartnerId,
    string FormKey,
    string CitizenId,
    DateTimeOffset AcceptedAt);
