using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.Messages;

/// <summary>
/// The thread between the citizen and the municipality's civil servants on one case. Each message is announced
/// (CaseMessagePosted) so the other side is notified; the thread closes with the case.
/// </summary>
public static class MessageEndpoints
{
    public sealed record MessageBody(string? Body);

    public sealed record MessageView(Guid Id, Guid CaseId, string AuthorParty, string AuthorId, string Body, DateTimeOffset PostedAt);

    private const int MaxBodyLength = 4000;

    /// <summary>Short enough for an SMS or a notice's preview.</summary>
    private const int ExcerptLength = 140;

    public static IEndpointRouteBuilder MapMessages(this IEndpointRouteBuilder routes)
    {
        var messages = routes.MapGroup("/tenants/{tenantId}/cases/{caseId:guid}/messages").WithTags("Messages").ForTenant()
            .RequireAuthorization(CasePolicies.CaseParties);
        messages.MapGet("/", ListAsync);
        messages.MapPost("/", PostAsync);
        return routes;
    }

    private static async Task<Results<Ok<List<MessageView>>, ProblemHttpResult>> ListAsync(string tenantId, Guid caseId, int? limit, int? offset,
        ClaimsPrincipal caller, CasesDb db, HttpContext http, CancellationToken ct)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        return @case is null
            ? NotFound(tenantId, caseId)
            : TypedResults.Ok((await db.Messages.Where(m => m.CaseId == caseId).OrderBy(m => m.PostedAt).ThenBy(m => m.Id).PageAsync(limit, offset, http, ct))
                .Select(View).ToList());
    }

    private static async Task<Results<Created<MessageView>, ProblemHttpResult, ValidationProblem>> PostAsync(string tenantId, Guid caseId, MessageBody? body,
        ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        if (@case is null)
        {
            return NotFound(tenantId, caseId);
        }

        if (CaseHandlingEndpoints.Text(body?.Body, MaxBodyLength) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/body"] = [error] }, title: "The message is not valid.");
        }

        if (CaseHandling.Refusal(@case, CaseAction.PostMessage) is { } refused)
        {
            return refused;
        }

        var actor = Actor.Of(caller);
        var message = new CaseMessage
        {
            TenantId = tenantId,
            CaseId = caseId,
            AuthorParty = actor.Party,
            AuthorId = actor.Id,
            Body = body!.Body!.Trim(),
            PostedAt = handling.Now(),
        };
        db.Messages.Add(message);
        var excerpt = message.Body.Length <= ExcerptLength ? message.Body : message.Body[..(ExcerptLength - 1)] + "…";
        var problem = await handling.ApplyAsync(@case, CaseAction.PostMessage, actor, ct, detail: message.Id.ToString(),
            announce: (reference, _) => db.Publish(new CaseMessagePosted(reference, message.Id, message.AuthorParty, message.AuthorId, excerpt, message.PostedAt),
                handling.Clock));
        return problem is not null ? problem : TypedResults.Created($"/tenants/{tenantId}/cases/{caseId}/messages/{message.Id}", View(message));
    }

    internal static MessageView View(CaseMessage m) => new(m.Id, m.CaseId, m.AuthorParty, m.AuthorId, m.Body, m.PostedAt);
}
