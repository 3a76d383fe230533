using Microsoft.EntityFrameworkCore;
using Platform.Cases.Cases;
using Platform.Contracts.Channels;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.PartnerData;

/// <summary>
/// A partner's data record joins the case it names, or, naming only a citizen, each of that citizen's undecided
/// cases in the municipality. The record id with the case is the natural key: a redelivered record, even under a
/// new message id, attaches nothing twice. A record for a case of another municipality is not attached.
/// </summary>
public sealed class AttachPartnerDataOnPartnerDataReceived(CasesDb db, CaseHandling handling, TimeProvider clock)
    : IdempotentConsumer<PartnerDataReceived, CasesDb>(db, clock)
{
    protected override async Task Handle(PartnerDataReceived received, CancellationToken cancellationToken)
    {
        var cases = Db.Cases.Where(c => c.TenantId == received.TenantId);
        var matching = received.CaseId is { } caseId
            ? await cases.Where(c => c.Id == caseId).ToListAsync(cancellationToken)
            : received.CitizenId is { } citizenId
                ? await cases.Where(c => c.CitizenId == citizenId && CaseLifecycle.OpenStages.Contains(c.Status)).ToListAsync(cancellationToken)
                : [];
        var attached = await Db.PartnerData.Where(r => r.RecordId == received.RecordId).Select(r => r.CaseId).ToListAsync(cancellationToken);

        foreach (var @case in matching.Where(c => !attached.Contains(c.Id) && CaseHandling.Refusal(c, CaseAction.AttachPartnerData) is null))
        {
            var record = new PartnerDataRecord
            {
                TenantId = @case.TenantId,
                CaseId = @case.Id,
                RecordId = received.RecordId,
                PartnerId = received.PartnerId,
                SchemaKey = received.SchemaKey,
                Data = received.Data.GetRawText(),
                ReceivedAt = received.ReceivedAt,
                AttachedAt = Clock.GetUtcNow(),
            };
            Db.PartnerData.Add(record);
            handling.Record(@case, CaseAction.AttachPartnerData, new Actor("partner", received.PartnerId), detail: record.RecordId.ToString());
        }
    }
}
