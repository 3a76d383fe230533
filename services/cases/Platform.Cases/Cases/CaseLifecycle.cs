using static Platform.Cases.Cases.CaseAction;
using static Platform.Cases.Cases.CaseStatus;

namespace Platform.Cases.Cases;

/// <summary>What can happen to a case. Who may do each is the endpoint's policy; when, is <see cref="CaseLifecycle"/>.</summary>
public enum CaseAction
{
    Assign,
    StartReview,
    RequestInformation,
    AnswerInformation,
    Decide,
    Close,
    Withdraw,
    PostMessage,
    AttachPartnerData,
    MarkOverdue,
}

/// <summary>
/// The rules of a case's life, all of them in this one table: from which stage an action may be taken, and the
/// stage it leads to. An action missing for a stage is refused (409, naming the stage the case is in).
/// </summary>
public static class CaseLifecycle
{
    private static readonly Dictionary<(CaseStatus From, CaseAction Action), CaseStatus> Rules = new()
    {
        // Work distribution: while a case is open, it may go to any caseworker of the municipality.
        [(Received, Assign)] = Received,
        [(UnderReview, Assign)] = UnderReview,
        [(AwaitingCitizen, Assign)] = AwaitingCitizen,

        [(Received, StartReview)] = UnderReview,
        [(UnderReview, RequestInformation)] = AwaitingCitizen,
        [(AwaitingCitizen, AnswerInformation)] = UnderReview,
        [(UnderReview, Decide)] = Decided,
        [(Decided, Close)] = Closed,

        // The citizen may withdraw until the municipality has decided.
        [(Received, Withdraw)] = Withdrawn,
        [(UnderReview, Withdraw)] = Withdrawn,
        [(AwaitingCitizen, Withdraw)] = Withdrawn,

        // The thread stays open after the decision (a question about it) until the case is closed or withdrawn.
        [(Received, PostMessage)] = Received,
        [(UnderReview, PostMessage)] = UnderReview,
        [(AwaitingCitizen, PostMessage)] = AwaitingCitizen,
        [(Decided, PostMessage)] = Decided,

        // A partner's data may still matter for a decision: it is attached to cases not yet decided.
        [(Received, AttachPartnerData)] = Received,
        [(UnderReview, AttachPartnerData)] = UnderReview,
        [(AwaitingCitizen, AttachPartnerData)] = AwaitingCitizen,

        [(Received, MarkOverdue)] = Received,
        [(UnderReview, MarkOverdue)] = UnderReview,
        [(AwaitingCitizen, MarkOverdue)] = AwaitingCitizen,
    };

    /// <summary>The stages an undecided case is in: it can still be overdue, withdrawn, given partner data.</summary>
    public static readonly IReadOnlyList<CaseStatus> OpenStages = [Received, UnderReview, AwaitingCitizen];

    /// <summary>The stage <paramref name="action"/> leads to from <paramref name="from"/>; null when it is not allowed there.</summary>
    public static CaseStatus? Next(CaseStatus from, CaseAction action) => Rules.TryGetValue((from, action), out var to) ? to : null;

    /// <summary>The stages from which <paramref name="action"/> may be taken, for telling a caller what would have worked.</summary>
    public static IEnumerable<CaseStatus> AllowedFrom(CaseAction action) => Rules.Keys.Where(k => k.Action == action).Select(k => k.From);

    public static bool IsOpen(CaseStatus status) => OpenStages.Contains(status);
}
