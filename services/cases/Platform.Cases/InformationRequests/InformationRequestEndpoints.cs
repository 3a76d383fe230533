using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;
using static Platform.Cases.Cases.CaseEndpoints;

namespace Platform.Cases.InformationRequests;

/// <summary>
/// The caseworker asks the citizen for more (the case waits in AwaitingCitizen); the citizen answers with text and,
/// when the answers themselves need correcting, new answers valid for the case's form version. The case then goes back
/// to UnderReview. An invalid answer is refused with every failing field named, and changes nothing.
/// </summary>
public static class InformationRequestEndpoints
{
    public sealed record InformationRequestBody(string? Question);

    /// <param name="Data">New answers to the case's form, replacing the submission's; left out when the text is enough.</param>
    public sealed record AnswerBody(string? Text, JsonElement? Data);

    public sealed record InformationRequestView(Guid Id, Guid CaseId, string Question, string RequestedBy, DateTimeOffset RequestedAt, string? Answer,
        bool AnswersReplaced, DateTimeOffset? AnsweredAt);

    private const int MaxTextLength = 4000;

    public static IEndpointRouteBuilder MapInformationRequests(this IEndpointRouteBuilder routes)
    {
        var requests = routes.MapGroup("/tenants/{tenantId}/cases/{caseId:guid}/information-requests").WithTags("Information requests").ForTenant();
        requests.MapGet("/", ListAsync).RequireAuthorization(CasePolicies.CaseParties);
        requests.MapPost("/", RequestAsync).RequireAuthorization(Policies.Caseworker);
        requests.MapPost("/{requestId:guid}/answer", AnswerAsync).RequireAuthorization(Policies.Citizen);
        return routes;
    }

    private static async Task<Results<Ok<List<InformationRequestView>>, ProblemHttpResult>> ListAsync(string tenantId, Guid caseId, ClaimsPrincipal caller,
        CasesDb db, CancellationToken ct)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        return @case is null ? NotFound(tenantId, caseId) : TypedResults.Ok(await OfAsync(db, caseId, ct));
    }

    internal static async Task<List<InformationRequestView>> OfAsync(CasesDb db, Guid caseId, CancellationToken ct) =>
        (await db.InformationRequests.Where(r => r.CaseId == caseId).ToListAsync(ct)).OrderBy(r => r.RequestedAt).Select(View).ToList();

    private static async Task<Results<Created<InformationRequestView>, ProblemHttpResult, ValidationProblem>> RequestAsync(string tenantId, Guid caseId,
        InformationRequestBody? body, ClaimsPrincipal caller, CasesDb db, CaseHandling handling, CancellationToken ct)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        if (@case is null)
        {
            return NotFound(tenantId, caseId);
        }

        if (CaseHandlingEndpoints.Text(body?.Question, MaxTextLength) is { } error)
        {
            return TypedResults.ValidationProblem(new Dictionary<string, string[]> { ["/question"] = [error] }, title: "The information request is not valid.");
        }

        if (CaseHandling.Refusal(@case, CaseAction.RequestInformation) is { } refused)
        {
            return refused;
        }

        var request = new InformationRequest
        {
            TenantId = tenantId,
            CaseId = caseId,
            Question = body!.Question!.Trim(),
            RequestedBy = caller.SubjectId()!,
            RequestedAt = handling.Now(),
        };

        db.InformationRequests.Add(request);
        var problem = await handling.ApplyAsync(@case, CaseAction.RequestInformation, Actor.Of(caller), ct, detail: request.Id.ToString(),
            announce: (reference, now) => db.Publish(new CaseInformationRequested(reference, request.Id, request.Question, request.RequestedBy, now), handling.Clock));
        return problem is not null
            ? problem
            : TypedResults.Created($"/tenants/{tenantId}/cases/{caseId}/information-requests/{request.Id}", View(request));
    }

    private static async Task<Results<Ok<CaseView>, ProblemHttpResult, ValidationProblem>> AnswerAsync(string tenantId, Guid caseId, Guid requestId,
        AnswerBody? body, ClaimsPrincipal caller, CasesDb db, CaseHandling handling, FormAnswers forms, CancellationToken ct)
    {
        var @case = await db.Cases.VisibleTo(caller).FindAsync(tenantId, caseId, ct);
        var request = @case is null ? null : await db.InformationRequests.FirstOrDefaultAsync(r => r.CaseId == caseId && r.Id == requestId, ct);
        if (@case is null || request is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Information request not found",
                detail: $"Municipality '{tenantId}' has no information request {requestId} on case {caseId} for you.");
        }

        var errors = new Dictionary<string, string[]>();
        if (CaseHandlingEndpoints.Text(body?.Text, MaxTextLength) is { } textError)
        {
            errors["/text"] = [textError];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The answer is not valid.");
        }

        if (request.AnsweredAt is not null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already answered",
                detail: $"The information request {requestId} was answered at {request.AnsweredAt:O}; case {@case.CaseNumber} is {@case.Status}.",
                extensions: new Dictionary<string, object?> { ["currentStatus"] = @case.Status.ToString() });
        }

        if (CaseHandling.Refusal(@case, CaseAction.AnswerInformation) is { } refused)
        {
            return refused;
        }

        if (body!.Data is { } data)
        {
            switch (await forms.CheckAsync(tenantId, @case.FormKey, @case.FormVersion, data, "/data", ct))
            {
                case AnswersCheck.Invalid invalid:
                    return TypedResults.ValidationProblem(invalid.Errors, title: $"The new answers do not satisfy '{@case.FormTitle}' (version {@case.FormVersion}).");
                case AnswersCheck.FormsUnavailable unavailable:
                    return TypedResults.Problem(statusCode: StatusCodes.Status503ServiceUnavailable, title: "Form unavailable", detail: unavailable.Detail);
            }
        }

        var problem = await handling.ApplyAsync(@case, CaseAction.AnswerInformation, Actor.Of(caller), ct, detail: request.Id.ToString(), change: (c, now) =>
        {
            request.Answer = body.Text!.Trim();
            request.AnsweredAt = now;
            if (body.Data is { } answers)
            {
                c.Answers = answers.GetRawText();
                request.AnswersReplaced = true;
            }
        });
        return problem is not null ? problem : TypedResults.Ok(CaseEndpoints.View(@case, handling.Now()));
    }

    internal static InformationRequestView View(InformationRequest r) =>
        new(r.Id, r.CaseId, r.Question, r.RequestedBy, r.RequestedAt, r.Answer, r.AnswersReplaced, r.AnsweredAt);
}
