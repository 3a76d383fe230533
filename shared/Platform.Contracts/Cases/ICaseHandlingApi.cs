using System.Text.Json;
using Refit;

namespace Platform.Contracts.Cases;

/// <summary>The cases service as people use it: a caseworker's queue and work on a case, a citizen's own cases.</summary>
public interface ICaseHandlingApi
{
    /// <summary>A caseworker sees the municipality's queue, most urgent first; a citizen only their own cases.</summary>
    /// <param name="state">Received, UnderReview, AwaitingCitizen, Decided, Closed or Withdrawn.</param>
    /// <param name="assignee">A caseworker's id, <c>me</c>, or <c>none</c> for cases nobody has taken.</param>
    [Get("/tenants/{tenantId}/cases")]
    Task<IApiResponse<List<CaseSummary>>> ListAsync(string tenantId, [Query] string? state = null, [Query] string? formKey = null,
        [Query] string? assignee = null, [Query] bool? overdue = null, [Query] Guid? submissionId = null, [Query] int? limit = null,
        CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/cases/{caseId}")]
    Task<IApiResponse<CaseSummary>> GetAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>The answers the case was opened with, or the newer ones the citizen gave in answer to a request.</summary>
    [Get("/tenants/{tenantId}/cases/{caseId}/answers")]
    Task<IApiResponse<CaseAnswers>> AnswersAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>Without an assignee the caller takes the case.</summary>
    [Post("/tenants/{tenantId}/cases/{caseId}/assignment")]
    Task<IApiResponse<CaseSummary>> AssignAsync(string tenantId, Guid caseId, [Body] CaseAssignment assignment, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/cases/{caseId}/review")]
    Task<IApiResponse<CaseSummary>> StartReviewAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/cases/{caseId}/decision")]
    Task<IApiResponse<CaseSummary>> DecideAsync(string tenantId, Guid caseId, [Body] CaseDecision decision, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/cases/{caseId}/closure")]
    Task<IApiResponse<CaseSummary>> CloseAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    /// <summary>The citizen withdraws their case before it is decided.</summary>
    [Post("/tenants/{tenantId}/cases/{caseId}/withdrawal")]
    Task<IApiResponse<CaseSummary>> WithdrawAsync(string tenantId, Guid caseId, [Body] CaseWithdrawal withdrawal, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/cases/{caseId}/messages")]
    Task<IApiResponse<List<CaseThreadMessage>>> MessagesAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/cases/{caseId}/messages")]
    Task<IApiResponse<CaseThreadMessage>> PostMessageAsync(string tenantId, Guid caseId, [Body] CaseMessageBody message, CancellationToken cancellationToken = default);

    [Get("/tenants/{tenantId}/cases/{caseId}/information-requests")]
    Task<IApiResponse<List<CaseInformationRequest>>> InformationRequestsAsync(string tenantId, Guid caseId, CancellationToken cancellationToken = default);

    [Post("/tenants/{tenantId}/cases/{caseId}/information-requests")]
    Task<IApiResponse<CaseInformationRequest>> RequestInformationAsync(string tenantId, Guid caseId, [Body] CaseQuestion question,
        CancellationToken cancellationToken = default);

    /// <summary>The citizen's answer: text, and new answers to the form when they need correcting (a 400 names each failing field).</summary>
    [Post("/tenants/{tenantId}/cases/{caseId}/information-requests/{requestId}/answer")]
    Task<IApiResponse<CaseSummary>> AnswerAsync(string tenantId, Guid caseId, Guid requestId, [Body] CaseInformationAnswer answer,
        CancellationToken cancellationToken = default);

    /// <summary>The municipality's audit log of one case, oldest first (caseworkers and the tenant admin).</summary>
    [Get("/tenants/{tenantId}/audit")]
    Task<IApiResponse<List<CaseAuditEntry>>> AuditAsync(string tenantId, [Query] Guid caseId, [Query] int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>The signed-in citizen's cases in every municipality, newest first.</summary>
    [Get("/citizens/me/cases")]
    Task<IApiResponse<List<CaseSummary>>> MyCasesAsync([Query] int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>One of the citizen's cases with its message thread and information requests.</summary>
    [Get("/citizens/me/cases/{caseId}")]
    Task<IApiResponse<CitizenCase>> MyCaseAsync(Guid caseId, CancellationToken cancellationToken = default);
}

public sealed record CaseAnswers(Guid CaseId, string FormKey, int FormVersion, JsonElement Data);

/// <param name="AssigneeId">The caseworker's subject id; null: the caller takes the case.</param>
public sealed record CaseAssignment(string? AssigneeId);

/// <param name="Outcome">Approved or Rejected.</param>
/// <param name="Reason">What the citizen reads as the grounds of the decision.</param>
public sealed record CaseDecision(string Outcome, string Reason);

public sealed record CaseWithdrawal(string? Reason);

public sealed record CaseMessageBody(string Body);

/// <param name="AuthorParty">citizen or civil-servant.</param>
public sealed record CaseThreadMessage(Guid Id, Guid CaseId, string AuthorParty, string AuthorId, string Body, DateTimeOffset PostedAt);

public sealed record CaseQuestion(string Question);

/// <param name="Data">New answers to the case's form, replacing the submission's; null when the text is enough.</param>
public sealed record CaseInformationAnswer(string Text, JsonElement? Data = null);

public sealed record CaseInformationRequest(Guid Id, Guid CaseId, string Question, string RequestedBy, DateTimeOffset RequestedAt, string? Answer,
    bool AnswersReplaced, DateTimeOffset? AnsweredAt);

/// <param name="Action">What was done, e.g. Assign, StartReview, Decide; <paramref name="Before"/> and <paramref name="After"/> the case around it.</param>
public sealed record CaseAuditEntry(long Id, Guid CaseId, DateTimeOffset At, string ActorParty, string ActorId, string Action, JsonElement? Before,
    JsonElement After, string? Detail);

public sealed record CitizenCase(CaseSummary Case, List<CaseThreadMessage> Messages, List<CaseInformationRequest> InformationRequests);
