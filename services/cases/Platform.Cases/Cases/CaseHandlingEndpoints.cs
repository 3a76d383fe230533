using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Cases;

/// <summary>
/// A caseworker's work on a case, from the queue to the decision: take it (or give it to a colleague), review it,
/// decide it, close it; and the citizen's withdrawal before the decision. Whether each is possible now is
/// <see cref="CaseLifecycle"/>'s answer, and each goes through <see cref="CaseHandling"/>.
/// </summary>
public static class CaseHandlingEndpoints
{
    /// <param name="AssigneeId">The caseworker (their subject id) to assign the case to; left out, the caller takes it.</param>
    public sealed record AssignmentRequest(string? AssigneeId);

    /// <param name="Outcome">Approved or Rejected.</param>
    /// <param name="Reason">What the citizen reads as the grounds of the decision.</param>
    public sealed record DecisionRequest(string? Outcome, string? Reason);

    public sealed record WithdrawalRequest(string? Reason);

    private const int MaxReasonLength = 4000;

    public static IEndpointRouteBuilder MapCaseHandling(this IEndpointRouteBuilder routes)
    {
        var cases = routes.MapGroup("/tenants/{tenantId}/cases/{caseId:guid}").WithTags("Case handling").ForTenant();
        cases.MapPost("/assignment", AssignAsync).RequireAuthorization(Policies.Caseworker);
        cases.MapPost("/review", StartReviewAsync).RequireAuthorization(Policies.Caseworker);
        cases.MapPost("/decision", DecideAsync).RequireAuthorization(Policies.Caseworker);
        cases.MapPost("/closure", CloseAsync).RequireAuthorization(Policies.Caseworker);
        cases.MapPost("/withdrawal", WithdrawAsync).RequireAuthorization(Policies.Citizen);
        return routes;
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> AssignAsync(string tenantId, Guid caseId, AssignmentRequest? request,
        ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct)
    {
        if (request?.AssigneeId is { } named && (string.IsNullOrWhiteSpace(named) || named.Length > 200))
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/assigneeId"] = ["When given, must be a caseworker's id (up to 200 characters)."] },
                title: "The assignment is not valid.");
        }

        var assignee = request?.AssigneeId ?? caller.SubjectId()!;
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        if (@case is null)
        {
            return NotFound(tenantId, caseId);
        }

        if (@case.AssigneeId == assignee && CaseHandling.Refusal(@case, CaseAction.Assign) is null)
        {
            // Already theirs: a repeated click changes nothing, so nothing is recorded.
            return TypedResults.Ok(View(@case, handling.Now()));
        }

        return await ApplyAsync(@case, CaseAction.Assign, caller, handling, ct, change: (c, _) => c.AssigneeId = assignee);
    }

    /// <summary>The caseworker starts reviewing; a case nobody has taken becomes theirs.</summary>
    private static Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> StartReviewAsync(string tenantId, Guid caseId, ClaimsPrincipal caller,
        CasesDb db, CaseHandling handling, CancellationToken ct) =>
        ApplyAsync(tenantId, caseId, CaseAction.StartReview, caller, db, handling, ct, change: (c, _) => c.AssigneeId ??= caller.SubjectId());

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> DecideAsync(string tenantId, Guid caseId, DecisionRequest? request,
        ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (!Enum.TryParse<CaseOutcome>(request?.Outcome, ignoreCase: true, out var outcome) || !Enum.IsDefined(outcome))
        {
            errors["/outcome"] = [$"Must be one of: {string.Join(", ", Enum.GetNames<CaseOutcome>())}."];
        }

        if (Text(request?.Reason, MaxReasonLength) is { } reasonError)
        {
            errors["/reason"] = [reasonError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The decision is not valid.");
        }

        var reason = request!.Reason!.Trim();
        return await ApplyAsync(tenantId, caseId, CaseAction.Decide, caller, db, handling, ct, reason: reason,
            change: (c, now) => (c.Outcome, c.DecisionReason, c.DecidedAt) = (outcome, reason, now),
            announce: (reference, now) => db.Publish(new CaseDecided(reference, outcome.ToString(), reason, caller.SubjectId()!, now), handling.Clock));
    }

    private static Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> CloseAsync(string tenantId, Guid caseId, ClaimsPrincipal caller,
        CasesDb db, CaseHandling handling, CancellationToken ct) =>
        ApplyAsync(tenantId, caseId, CaseAction.Close, caller, db, handling, ct);

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> WithdrawAsync(string tenantId, Guid caseId, WithdrawalRequest? request,
        ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct)
    {
        if (request?.Reason is { Length: > MaxReasonLength })
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/reason"] = [$"Must be at most {MaxReasonLength} characters long."] },
                title: "The withdrawal is not valid.");
        }

        var reason = string.IsNullOrWhiteSpace(request?.Reason) ? null : request.Reason.Trim();
        return await ApplyAsync(tenantId, caseId, CaseAction.Withdraw, caller, db, handling, ct, reason: reason);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> ApplyAsync(string tenantId, Guid caseId, CaseAction action,
        ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct, Action<Case, DateTimeOffset>? change = null, string? reason = null,
        Action<CaseReference, DateTimeOffset>? announce = null)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        return @case is null ? NotFound(tenantId, caseId) : await ApplyAsync(@case, action, caller, handling, ct, change, reason, announce);
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> ApplyAsync(Case @case, CaseAction action, ClaimsPrincipal caller,
        CaseHandling handling, CancellationToken ct, Action<Case, DateTimeOffset>? change = null, string? reason = null,
        Action<CaseReference, DateTimeOffset>? announce = null) =>
        await handling.ApplyAsync(@case, action, Actor.Of(caller), ct, change, reason, announce: announce) is { } refused
            ? refused
            : TypedResults.Ok(View(@case, handling.Now()));

    /// <summary>Why <paramref name="text"/> is not an acceptable required text; null when it is.</summary>
    internal static string? Text(string? text, int maxLength) => text switch
    {
        null or "" => "This field is required.",
        _ when string.IsNullOrWhiteSpace(text) => "Must not be blank.",
        { Length: var length } when length > maxLength => $"Must be at most {maxLength} characters long.",
        _ => null,
    };
}
