using Microsoft.EntityFrameworkCore;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.Cases;

/// <summary>
/// A stored submission becomes a case in its municipality's queue. The submission id is the natural
/// key: the same FormSubmitted, even republished under a new message id, opens one case.
/// </summary>
public sealed class OpenCaseOnFormSubmitted(CasesDb db, TimeProvider clock) : IdempotentConsumer<FormSubmitted, CasesDb>(db, clock)
{
    protected override async Task Handle(FormSubmitted submitted, CancellationToken cancellationToken)
    {
        if (await Db.Cases.AnyAsync(c => c.SubmissionId == submitted.SubmissionId, cancellationToken))
        {
            return;
        }

        var id = Guid.NewGuid();
        var openedAt = Clock.GetUtcNow();
        var @case = new Case
        {
            Id = id,
            CaseNumber = Case.NumberFor(submitted.TenantId, id, openedAt),
            TenantId = submitted.TenantId,
            SubmissionId = submitted.SubmissionId,
            FormKey = submitted.FormKey,
            FormVersion = submitted.FormVersion,
            FormTitle = submitted.FormTitle,
            CitizenId = submitted.CitizenId,
            SubmittedVia = submitted.SubmittedVia,
            OpenedAt = openedAt,
        };
        Db.Cases.Add(@case);
        Db.Publish(new CaseOpened(@case.Id, @case.CaseNumber, @case.TenantId, @case.SubmissionId, @case.FormKey, @case.FormTitle,
            @case.CitizenId, @case.Status.ToString(), @case.OpenedAt), Clock);
    }
}
