using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.Audit;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Cases.Cases;

/// <summary>Who changed a case: the party and subject of a token, or the service itself.</summary>
public sealed record Actor(string Party, string Id)
{
    public static Actor Of(ClaimsPrincipal caller) => new(caller.Party() ?? "unknown", caller.SubjectId() ?? "unknown");

    public static Actor System(string work) => new("system", work);
}

/// <summary>
/// The one way a case changes. Every change is checked against <see cref="CaseLifecycle"/>, counted in the case's
/// <see cref="Case.Version"/> when it touches the case itself, appended to the audit log with the case before and
/// after, and announced through the outbox (CaseStatusChanged when the stage moves, plus what the caller adds),
/// all in one SaveChanges.
/// </summary>
public sealed class CaseHandling(CasesDb db, TimeProvider clock)
{
    public TimeProvider Clock => clock;

    public DateTimeOffset Now() => clock.GetUtcNow();

    /// <summary>Records <paramref name="action"/> and commits; a problem (409) when the lifecycle forbids it or someone else changed the case meanwhile.</summary>
    /// <param name="change">What the action does to the case besides moving its stage.</param>
    /// <param name="reason">Why, carried in CaseStatusChanged (a decision's or a withdrawal's reason).</param>
    /// <param name="detail">The id of what the action concerned (a message, a request), kept in the audit entry.</param>
    /// <param name="announce">Events besides CaseStatusChanged, queued in the same transaction.</param>
    public async Task<ProblemHttpResult?> ApplyAsync(Case @case, CaseAction action, Actor actor, CancellationToken ct, Action<Case, DateTimeOffset>? change = null,
        string? reason = null, string? detail = null, Action<CaseReference, DateTimeOffset>? announce = null)
    {
        if (Refusal(@case, action) is { } refusal)
        {
            return refusal;
        }

        Record(@case, action, actor, change, reason, detail, announce);
        try
        {
            await db.SaveChangesAsync(ct);
            return null;
        }
        catch (DbUpdateConcurrencyException)
        {
            // Another caseworker's change was saved first; this one is dropped whole (audit entry and events with it).
            db.ChangeTracker.Clear();
            var current = await db.Cases.AsNoTracking().FirstAsync(c => c.Id == @case.Id, ct);
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "The case changed meanwhile",
                detail: $"Case {current.CaseNumber} was changed by someone else while you acted on it; it is now {current.Status}. Read it again before acting.",
                extensions: new Dictionary<string, object?> { ["currentStatus"] = current.Status.ToString() });
        }
    }

    /// <summary>Queues the change, its audit entry and its events without committing (a consumer's or the scan's own SaveChanges commits).</summary>
    public void Record(Case @case, CaseAction action, Actor actor, Action<Case, DateTimeOffset>? change = null, string? reason = null, string? detail = null,
        Action<CaseReference, DateTimeOffset>? announce = null)
    {
        var now = clock.GetUtcNow();
        var from = @case.Status;
        var answersBefore = @case.Answers;
        var before = StateOf(@case);

        @case.Status = CaseLifecycle.Next(from, action)
            ?? throw new InvalidOperationException($"{action} is not allowed for a case that is {from}; check Refusal first.");
        change?.Invoke(@case, now);

        db.ChangeTracker.DetectChanges();
        if (db.Entry(@case).Properties.Any(p => p.IsModified))
        {
            @case.Version++;
            @case.UpdatedAt = now;
        }

        var after = StateOf(@case);
        if (@case.Answers != answersBefore)
        {
            // New answers replaced the submission's: the log keeps both, so no one's words are lost.
            before["answers"] = JsonDocument.Parse(answersBefore).RootElement;
            after["answers"] = JsonDocument.Parse(@case.Answers).RootElement;
        }

        db.Audit.Add(new AuditEntry
        {
            TenantId = @case.TenantId,
            CaseId = @case.Id,
            At = now,
            ActorParty = actor.Party,
            ActorId = actor.Id,
            Action = action.ToString(),
            Before = Json(before),
            After = Json(after),
            Detail = detail,
        });

        var reference = Reference(@case);
        if (@case.Status != from)
        {
            db.Publish(new CaseStatusChanged(reference, from.ToString(), @case.Status.ToString(), actor.Id, now, reason, @case.DueAt), clock);
        }

        announce?.Invoke(reference, now);
    }

    /// <summary>The first audit entry of a case, written with the case itself.</summary>
    public void RecordOpening(Case @case, Actor actor) => db.Audit.Add(new AuditEntry
    {
        TenantId = @case.TenantId,
        CaseId = @case.Id,
        At = @case.OpenedAt,
        ActorParty = actor.Party,
        ActorId = actor.Id,
        Action = "Opened",
        After = Json(StateOf(@case)),
    });

    /// <summary>The 409 problem for an action the case's stage does not allow; null when it does.</summary>
    public static ProblemHttpResult? Refusal(Case @case, CaseAction action) => CaseLifecycle.Next(@case.Status, action) is not null
        ? null
        : TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Not possible in the case's current stage",
            detail: $"Case {@case.CaseNumber} is {@case.Status}; {action} is possible only when it is {string.Join(" or ", CaseLifecycle.AllowedFrom(action))}.",
            extensions: new Dictionary<string, object?> { ["currentStatus"] = @case.Status.ToString() });

    public static CaseReference Reference(Case c) => new(c.Id, c.CaseNumber, c.TenantId, c.FormKey, c.FormTitle, c.CitizenId, c.SubmittedVia);

    /// <summary>The case's handling state, as the audit log keeps it before and after a change.</summary>
    private static Dictionary<string, object?> StateOf(Case c) => new()
    {
        ["status"] = c.Status.ToString(),
        ["assigneeId"] = c.AssigneeId,
        ["outcome"] = c.Outcome?.ToString(),
        ["decisionReason"] = c.DecisionReason,
        ["overdueNotifiedAt"] = c.OverdueNotifiedAt,
        ["version"] = c.Version,
    };

    private static string Json(Dictionary<string, object?> state) => JsonSerializer.Serialize(state, JsonSerializerOptions.Web);
}
