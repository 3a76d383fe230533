using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Messaging;
using Platform.ServiceDefaults.Security;

namespace Platform.Forms.Feedback;

/// <summary>
/// Citizens rate the service behind a submission they made; the municipality reads how each form, and each version of
/// it, is rated, so it can see whether a new version did better.
/// </summary>
public static class FeedbackEndpoints
{
    public sealed record FeedbackRequest(int? Rating, string? Comment);

    public sealed record FeedbackReceipt(Guid FeedbackId, Guid SubmissionId, string FormKey, int FormVersion, int Rating, string? Comment, DateTimeOffset GivenAt);

    public sealed record Comment(int FormVersion, int Rating, string Text, DateTimeOffset GivenAt);

    /// <param name="Distribution">How many gave each rating, "1" to "5".</param>
    public sealed record Ratings(int Count, double? Mean, IReadOnlyDictionary<string, int> Distribution, IReadOnlyList<Comment> RecentComments);

    public sealed record VersionRatings(int Version, Ratings Ratings);

    public sealed record FormFeedback(string TenantId, string FormKey, Ratings Overall, IReadOnlyList<VersionRatings> Versions);

    private const int MaxCommentLength = 2000;
    private const int RecentComments = 10;
    private const string ReadFeedback = "read-feedback";

    public static IServiceCollection AddFeedback(this IServiceCollection services) => services.AddAuthorizationBuilder()
        // Those who run the service (caseworkers) and those who change the form (designers) both learn from it.
        .AddPolicy(ReadFeedback, policy => policy.RequireAssertion(c =>
            c.User.IsCivilServant() && (c.User.IsInRole(Roles.Caseworker) || c.User.IsInRole(Roles.FormDesigner))))
        .Services;

    public static IEndpointRouteBuilder MapFeedback(this IEndpointRouteBuilder routes)
    {
        var tenant = routes.MapGroup("/tenants/{tenantId}").WithTags("Feedback").ForTenant();
        tenant.MapPost("/submissions/{submissionId:guid}/feedback", GiveAsync).RequireAuthorization(Policies.Citizen);
        tenant.MapGet("/forms/{formKey}/feedback", ReadAsync).RequireAuthorization(ReadFeedback);
        return routes;
    }

    private static async Task<Results<Created<FeedbackReceipt>, ValidationProblem, ProblemHttpResult>> GiveAsync(
        string tenantId, Guid submissionId, FeedbackRequest request, ClaimsPrincipal caller, FormsDb db, TimeProvider clock, CancellationToken ct)
    {
        var errors = new Dictionary<string, string[]>();
        if (request.Rating is not (>= 1 and <= 5))
        {
            errors["/rating"] = ["Required: a whole number from 1 (poor) to 5 (excellent)."];
        }

        var comment = string.IsNullOrWhiteSpace(request.Comment) ? null : request.Comment.Trim();
        if (comment?.Length > MaxCommentLength)
        {
            errors["/comment"] = [$"At most {MaxCommentLength} characters."];
        }

        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "The feedback is not valid.");
        }

        // Only the citizen who made the submission rates it; to anyone else it does not exist.
        var citizen = caller.CitizenId();
        var submission = await db.Submissions.FirstOrDefaultAsync(s => s.TenantId == tenantId && s.Id == submissionId && s.CitizenId == citizen, ct);
        if (submission is null)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Submission not found",
                detail: $"Municipality '{tenantId}' has no submission {submissionId} of yours.");
        }

        if (await db.Feedback.AnyAsync(f => f.SubmissionId == submissionId, ct))
        {
            return AlreadyRated(submissionId);
        }

        var feedback = new ServiceFeedback
        {
            TenantId = tenantId,
            SubmissionId = submissionId,
            FormKey = submission.FormKey,
            FormVersion = submission.FormVersion,
            Rating = request.Rating!.Value,
            Comment = comment,
            GivenAt = clock.GetUtcNow(),
        };
        db.Feedback.Add(feedback);
        db.Publish(new FeedbackReceived(feedback.Id, submissionId, tenantId, feedback.FormKey, feedback.FormVersion, feedback.Rating, feedback.Comment,
            feedback.GivenAt), clock);
        try
        {
            await db.SaveChangesAsync(ct);
        }
        catch (DbUpdateException)
        {
            // The same citizen's concurrent second rating lost the race on the unique index.
            return AlreadyRated(submissionId);
        }

        return TypedResults.Created($"/tenants/{tenantId}/submissions/{submissionId}/feedback",
            new FeedbackReceipt(feedback.Id, submissionId, feedback.FormKey, feedback.FormVersion, feedback.Rating, feedback.Comment, feedback.GivenAt));
    }

    private static async Task<FormFeedback> ReadAsync(string tenantId, string formKey, FormsDb db, CancellationToken ct)
    {
        var all = await db.Feedback.Where(f => f.TenantId == tenantId && f.FormKey == formKey).ToListAsync(ct);
        return new FormFeedback(tenantId, formKey, Summarise(all),
            all.GroupBy(f => f.FormVersion).OrderBy(g => g.Key).Select(g => new VersionRatings(g.Key, Summarise(g.ToList()))).ToList());
    }

    private static Ratings Summarise(IReadOnlyCollection<ServiceFeedback> feedback) => new(
        feedback.Count,
        feedback.Count == 0 ? null : Math.Round(feedback.Average(f => f.Rating), 2),
        Enumerable.Range(1, 5).ToDictionary(rating => rating.ToString(), rating => feedback.Count(f => f.Rating == rating)),
        feedback.Where(f => f.Comment is not null).OrderByDescending(f => f.GivenAt).Take(RecentComments)
            .Select(f => new Comment(f.FormVersion, f.Rating, f.Comment!, f.GivenAt)).ToList());

    private static ProblemHttpResult AlreadyRated(Guid submissionId) =>
        TypedResults.Problem(statusCode: StatusCodes.Status409Conflict, title: "Already rated",
            detail: $"Submission {submissionId} has been rated already; a submission is rated once.");
}
