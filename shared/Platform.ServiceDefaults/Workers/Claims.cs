using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults.Workers;

/// <summary>
/// A row a background worker takes for itself before working on it: an outbox message, a delivery, a partner's
/// subscription whose queue is being sent, a case being marked overdue. While <see cref="ClaimedUntil"/> lies ahead,
/// no other round, in this replica or another, takes it; a replica that dies holding it lets it go when it expires.
/// </summary>
public interface IClaimable
{
    Guid Id { get; }

    /// <summary>The round that holds the row: a fresh id for every claim, so a round reads back exactly what it took.</summary>
    Guid? ClaimedBy { get; }

    DateTimeOffset? ClaimedUntil { get; }
}

/// <summary>
/// Claiming work atomically, the same way on PostgreSQL and SQLite: one UPDATE takes up to a batch of the rows that are
/// due and unclaimed (<c>UPDATE … SET claimed_by = @round, claimed_until = @until WHERE unclaimed AND id IN (SELECT id
/// … ORDER BY … LIMIT n)</c>). Two replicas that race for the same rows cannot both get one: on PostgreSQL the second
/// UPDATE waits for the first's row locks and then re-checks <c>unclaimed</c> against the rows as committed, skipping
/// what the first took; SQLite runs one writer at a time. The workers only say which rows are due and in what order.
/// </summary>
public static class Claims
{
    /// <summary>
    /// Claims up to <paramref name="count"/> of the rows <paramref name="due"/> selects, first as it orders them, for
    /// <paramref name="lease"/>, and returns them in that order, tracked. Nothing due and unclaimed: an empty list, at
    /// the cost of one statement.
    /// </summary>
    public static async Task<Claim<T>> ClaimAsync<T>(this DbSet<T> rows, Func<IQueryable<T>, IQueryable<T>> due, int count, TimeSpan lease,
        TimeProvider clock, CancellationToken cancellationToken) where T : class, IClaimable
    {
        var round = Guid.NewGuid();
        var now = clock.GetUtcNow();
        var until = now + lease;
        var candidates = due(rows.Where(r => r.ClaimedUntil == null || r.ClaimedUntil < now)).Take(count).Select(r => r.Id);
        var claimed = await rows
            .Where(r => (r.ClaimedUntil == null || r.ClaimedUntil < now) && candidates.Contains(r.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedBy, round).SetProperty(r => r.ClaimedUntil, until), cancellationToken);
        var taken = claimed == 0 ? [] : await due(rows.Where(r => r.ClaimedBy == round)).ToListAsync(cancellationToken);
        return new Claim<T>(rows, round, until, taken);
    }
}

/// <summary>What one round claimed, and the means to keep or let go of it.</summary>
public sealed class Claim<T>(DbSet<T> rows, Guid round, DateTimeOffset until, List<T> taken) where T : class, IClaimable
{
    public IReadOnlyList<T> Rows => taken;

    /// <summary>Until when the rows are held; a round that may outlast it renews first.</summary>
    public DateTimeOffset Until { get; private set; } = until;

    /// <summary>
    /// Holds the rows for another <paramref name="lease"/> from now; false when the claim had expired and another
    /// round took them meanwhile, in which case this round must stop working on them.
    /// </summary>
    public async Task<bool> RenewAsync(TimeSpan lease, TimeProvider clock, CancellationToken cancellationToken)
    {
        var until = clock.GetUtcNow() + lease;
        var ids = taken.Select(r => r.Id).ToList();
        var renewed = await rows.Where(r => r.ClaimedBy == round && ids.Contains(r.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedUntil, until), cancellationToken);
        Until = until;
        return renewed == ids.Count;
    }

    /// <summary>Lets go of the rows still held, so the next round, here or in another replica, may take them at once.</summary>
    public Task ReleaseAsync(CancellationToken cancellationToken)
    {
        var ids = taken.Select(r => r.Id).ToList();
        return rows.Where(r => r.ClaimedBy == round && ids.Contains(r.Id))
            .ExecuteUpdateAsync(set => set.SetProperty(r => r.ClaimedBy, (Guid?)null).SetProperty(r => r.ClaimedUntil, (DateTimeOffset?)null),
                cancellationToken);
    }
}
