using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Workers;

namespace Platform.Cases.Cases;

/// <summary>The stages of a case; which action leads from one to another is <see cref="CaseLifecycle"/>.</summary>
public enum CaseStatus
{
    Received,
    UnderReview,
    AwaitingCitizen,
    Decided,
    Closed,
    Withdrawn,
}

public enum CaseOutcome
{
    Approved,
    Rejected,
}

/// <summary>A municipality's handling of one submission, from receipt to decision.</summary>
public sealed class Case : ITenantOwned, IClaimable
{
    public Guid Id { get; init; } = Guid.NewGuid();

    /// <summary>The reference a citizen quotes on the phone, e.g. FJO-2026-4F3A9C.</summary>
    public required string CaseNumber { get; init; }

    public required string TenantId { get; init; }
    public required Guid SubmissionId { get; init; }
    public required string FormKey { get; init; }
    public required int FormVersion { get; init; }
    public required string FormTitle { get; init; }
    public required string CitizenId { get; init; }

    /// <summary>The partner that submitted for the citizen, which may then follow the case; null when the citizen submitted themself.</summary>
    public string? SubmittedVia { get; init; }

    /// <summary>The citizen's answers (JSON) as last validated against <see cref="FormVersion"/>: the submission's, or a newer one given with an information request's answer.</summary>
    public required string Answers { get; set; }

    public CaseStatus Status { get; set; } = CaseStatus.Received;

    /// <summary>The caseworker (their subject id) the case is assigned to; null while it waits in the municipality's queue.</summary>
    public string? AssigneeId { get; set; }

    public DateTimeOffset OpenedAt { get; init; }

    /// <summary>When the municipality promised a decision: opening time plus the form's expected processing time.</summary>
    public DateTimeOffset DueAt { get; init; }

    /// <summary>When CaseOverdue was raised for the case; it is raised once.</summary>
    public DateTimeOffset? OverdueNotifiedAt { get; set; }

    /// <summary>The overdue scan's round raising CaseOverdue for it, in whichever replica, so it is raised by one.</summary>
    public Guid? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    public CaseOutcome? Outcome { get; set; }
    public string? DecisionReason { get; set; }
    public DateTimeOffset? DecidedAt { get; set; }

    public DateTimeOffset UpdatedAt { get; set; }

    /// <summary>
    /// Counts the changes to this row; a change saved against an older count than the stored one is refused
    /// (optimistic concurrency), so two caseworkers acting at once cannot both win.
    /// </summary>
    public int Version { get; set; }

    /// <summary>Past its due date and not decided yet.</summary>
    public bool IsOverdueAt(DateTimeOffset now) => DueAt <= now && CaseLifecycle.IsOpen(Status);

    public static string NumberFor(string tenantId, Guid id, DateTimeOffset openedAt) =>
        $"{tenantId[..Math.Min(3, tenantId.Length)].ToUpperInvariant()}-{openedAt:yyyy}-{id.ToString("N")[..6].ToUpperInvariant()}";
}
