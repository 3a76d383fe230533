using Refit;

namespace Platform.Contracts.Notifications;

/// <summary>The signed-in citizen's inbox at the notifications service, newest first.</summary>
public interface IInboxApi
{
    [Get("/citizens/me/inbox")]
    Task<IApiResponse<List<InboxEntry>>> ListAsync([Query] int? limit = null, CancellationToken cancellationToken = default);

    /// <summary>Reading twice keeps the first time it was read.</summary>
    [Put("/citizens/me/inbox/{noticeId}/read")]
    Task<IApiResponse> MarkReadAsync(Guid noticeId, CancellationToken cancellationToken = default);
}

/// <param name="Kind">What the notice is about, e.g. case-opened.</param>
public sealed record InboxEntry(Guid Id, string TenantId, Guid? CaseId, string Kind, string Subject, string Body, DateTimeOffset CreatedAt, bool IsRead);
