using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Workers;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.Deadlines;

/// <summary>
/// Finds undecided cases past their due date and raises CaseOverdue once for each (through the outbox, with the
/// moment recorded on the case), every <see cref="Deadlines.OverdueScanInterval"/>. Each round claims the cases it
/// marks, so replicas of the service raise each case once between them. A case a caseworker changes at the same
/// moment is let go for the next round, so neither change is lost.
/// </summary>
public sealed partial class OverdueScan(IServiceScopeFactory scopes, IOptions<Deadlines> deadlines, TimeProvider clock, ILogger<OverdueScan> logger)
    : PollingWorker
{
    private const int BatchSize = 100;
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(1);

    protected override TimeProvider Clock => clock;

    protected override ILogger Logger => logger;

    protected override TimeSpan Interval => deadlines.Value.OverdueScanInterval;

    protected override async Task<bool> RoundAsync(CancellationToken cancellationToken) => await ScanAsync(cancellationToken) == BatchSize;

    /// <summary>Marks one batch of newly overdue cases; returns how many.</summary>
    public async Task<int> ScanAsync(CancellationToken ct)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<CasesDb>();
        var handling = scope.ServiceProvider.GetRequiredService<CaseHandling>();
        var now = clock.GetUtcNow();
        var claim = await db.Cases.ClaimAsync(
            cases => cases.Where(c => c.OverdueNotifiedAt == null && c.DueAt <= now && CaseLifecycle.OpenStages.Contains(c.Status)).OrderBy(c => c.DueAt),
            BatchSize, Lease, clock, ct);
        var overdue = claim.Rows;

        foreach (var @case in overdue)
        {
            handling.Record(@case, CaseAction.MarkOverdue, Actor.System("overdue-scan"), change: (c, at) => c.OverdueNotifiedAt = at,
                announce: (reference, at) => db.Publish(new CaseOverdue(reference, @case.AssigneeId, @case.DueAt, at), clock));
        }

        try
        {
            await db.SaveChangesAsync(ct);
            return overdue.Count;
        }
        catch (DbUpdateConcurrencyException)
        {
            // A caseworker changed one of these cases meanwhile; the next round sees it as it now is.
            await claim.ReleaseAsync(ct);
            return 0;
        }
    }
}
