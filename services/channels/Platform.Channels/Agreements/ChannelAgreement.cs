using Platform.ServiceDefaults.Security;

namespace Platform.Channels.Agreements;

public enum AgreementStatus
{
    Pending,
    Approved,
    Terminated,
}

/// <summary>
/// What a municipality lets one partner do as its channel: which forms it may submit for consenting citizens, which
/// events it may be told about, which data it may push. Until the municipality's admin approves it, it allows nothing.
/// </summary>
public sealed class ChannelAgreement : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string PartnerId { get; init; }
    public required string TenantId { get; init; }
    public AgreementStatus Status { get; private set; } = AgreementStatus.Pending;
    public required List<string> FormKeys { get; set; }
    public required List<string> EventTypes { get; set; }
    public required List<string> DataSchemas { get; set; }

    /// <summary>The partner's own words on why it applies, for the municipality to judge.</summary>
    public string? Purpose { get; init; }

    public DateTimeOffset AppliedAt { get; init; }
    public DateTimeOffset? DecidedAt { get; private set; }
    public string? DecidedBy { get; private set; }

    public bool AllowsForm(string formKey) => Status == AgreementStatus.Approved && FormKeys.Contains(formKey);

    public bool AllowsEvent(string eventType) => Status == AgreementStatus.Approved && EventTypes.Contains(eventType);

    public bool AllowsData(string schemaKey) => Status == AgreementStatus.Approved && DataSchemas.Contains(schemaKey);

    /// <summary>Approves, or amends an approved agreement, with what the municipality grants (which may be less than was asked).</summary>
    public void Approve(List<string> formKeys, List<string> eventTypes, List<string> dataSchemas, string decidedBy, DateTimeOffset at)
    {
        Status = AgreementStatus.Approved;
        FormKeys = formKeys;
        EventTypes = eventTypes;
        DataSchemas = dataSchemas;
        DecidedBy = decidedBy;
        DecidedAt = at;
    }

    public void Terminate(string decidedBy, DateTimeOffset at)
    {
        Status = AgreementStatus.Terminated;
        DecidedBy = decidedBy;
        DecidedAt = at;
    }
}
