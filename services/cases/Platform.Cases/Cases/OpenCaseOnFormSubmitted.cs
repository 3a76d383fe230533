using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Contracts.Cases;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.Cases;

/// <summary>
/// A stored submission becomes a case in its municipality's queue, due when the form's expected processing time
/// runs out. The submission id is the natural key: the same FormSubmitted, even republished under a new message id,
/// opens one case.
/// </summary>
public sealed class OpenCaseOnFormSubmitted(CasesDb db, CaseHandling handling, IOptions<Deadlines.Deadlines> deadlines, TimeProvider clock)
    : IdempotentConsumer<FormSubmitted, CasesDb>(db, clock)
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
            Answers = submitted.Data.GetRawText(),
            OpenedAt = openedAt,
            DueAt = deadlines.Value.DueAt(openedAt, submitted.ExpectedProcessingDays),
            UpdatedAt = openedAt,
        };
        Db.Cases.Add(@case);
        // Whoever submitted opened the case: the citizen, or the partner acting for them.
        handling.RecordOpening(@case, submitted.SubmittedVia is { } partner ? new Actor("partner", partner) : new Actor("citizen", submitted.CitizenId));
        Db.Publish(new CaseOpened(@case.Id, @case.CaseNumber, @case.TenantId, @case.SubmissionId, @case.FormKey, @case.FormTitle,
            @case.CitizenId, @case.Status.ToString(), @case.OpenedAt, @case.DueAt, @case.SubmittedVia), Clock);
    }
}
