namespace Platform.Contracts.Cases;

/// <summary>
/// What every case event says about the case it concerns, so that a consumer (notifications, a partner's webhook)
/// can address and word its message without asking the cases service back.
/// </summary>
/// <param name="SubmittedVia">The partner that submitted for the citizen; null when the citizen submitted themself.</param>
public sealed record CaseReference(
    Guid CaseId,
    string CaseNumber,
    string TenantId,
    string FormKey,
    string FormTitle,
    string CitizenId,
    string? SubmittedVia = null);

/// <summary>A case moved from one stage of its lifecycle to another (Received, UnderReview, AwaitingCitizen, Decided, Closed, Withdrawn).</summary>
/// <param name="ChangedBy">The subject (civil servant or citizen) who made the change.</param>
/// <param name="Reason">Why, when the transition carries one (a decision's reason, a withdrawal's).</param>
public sealed record CaseStatusChanged(
    CaseReference Case,
    string FromStatus,
    string ToStatus,
    string ChangedBy,
    DateTimeOffset ChangedAt,
    string? Reason = null,
    DateTimeOffset? DueAt = null);

/// <summary>The municipality decided the case. <paramref name="Outcome"/> is Approved or Rejected.</summary>
public sealed record CaseDecided(
    CaseReference Case,
    string Outcome,
    string Reason,
    string DecidedBy,
    DateTimeOffset DecidedAt);

/// <summary>A caseworker asked the citizen for more information; the case waits for the citizen's answer.</summary>
public sealed record CaseInformationRequested(
    CaseReference Case,
    Guid RequestId,
    string Question,
    string RequestedBy,
    DateTimeOffset RequestedAt);

/// <summary>A message was added to the case's thread between the citizen and the civil servants.</summary>
/// <param name="AuthorParty">citizen or civil-servant (the party claim's values).</param>
/// <param name="Excerpt">The start of the message, short enough for an SMS or a notice's preview.</param>
public sealed record CaseMessagePosted(
    CaseReference Case,
    Guid MessageId,
    string AuthorParty,
    string AuthorId,
    string Excerpt,
    DateTimeOffset PostedAt);

/// <summary>A case passed its due date without a decision. Raised once per case; addressed to its caseworker.</summary>
/// <param name="AssigneeId">The caseworker the case is assigned to; null when it still sits unassigned in the queue.</param>
public sealed record CaseOverdue(
    CaseReference Case,
    string? AssigneeId,
    DateTimeOffset DueAt,
    DateTimeOffset DetectedAt);
