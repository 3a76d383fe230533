using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Audit;

/// <summary>
/// One change to a case: who made it, when, what it was, and the case before and after. Entries are only ever
/// added: no endpoint edits or deletes one, and <see cref="CasesDb"/> refuses to save a changed or removed entry.
/// </summary>
public sealed class AuditEntry : ITenantOwned
{
    /// <summary>Increasing in the order the entries were written; the cursor of the audit log.</summary>
    public long Id { get; init; }

    public required string TenantId { get; init; }
    public required Guid CaseId { get; init; }
    public DateTimeOffset At { get; init; }

    /// <summary>citizen, civil-servant, partner, or system for the service's own work (the overdue scan).</summary>
    public required string ActorParty { get; init; }

    public required string ActorId { get; init; }

    /// <summary>The <see cref="Cases.CaseAction"/> taken, or Opened.</summary>
    public required string Action { get; init; }

    /// <summary>The case's handling state before the change (JSON); null when the case was opened by it.</summary>
    public string? Before { get; init; }

    /// <summary>The case's handling state after the change (JSON).</summary>
    public required string After { get; init; }

    /// <summary>What the change concerned besides the case itself: a message's, an information request's or a partner record's id.</summary>
    public string? Detail { get; init; }
}
