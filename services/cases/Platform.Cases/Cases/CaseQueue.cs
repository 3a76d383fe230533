using System.Buffers.Text;
using System.Text;
using Microsoft.EntityFrameworkCore;

namespace Platform.Cases.Cases;

/// <summary>What a caseworker narrows the municipality's queue to; every part is optional.</summary>
/// <param name="Assignee">A caseworker's subject id; <see cref="Unassigned"/> for cases nobody has taken.</param>
/// <param name="Overdue">true for cases past due and undecided, false for the others.</param>
public sealed record QueueFilter(
    CaseStatus? State = null,
    string? FormKey = null,
    string? Assignee = null,
    bool Unassigned = false,
    bool? Overdue = null,
    Guid? SubmissionId = null,
    string? CitizenId = null);

/// <summary>Where a page of the queue ended: the last case's due date and id, the queue's sort key.</summary>
public sealed record QueueCursor(DateTimeOffset DueAt, Guid Id)
{
    /// <summary>Opaque to callers, so the sort key may change without breaking them.</summary>
    public string Encode() => Base64Url.EncodeToString(Encoding.ASCII.GetBytes($"{DueAt.UtcTicks}.{Id:N}"));

    public static bool TryDecode(string text, out QueueCursor? cursor)
    {
        cursor = null;
        try
        {
            var parts = Encoding.ASCII.GetString(Base64Url.DecodeFromChars(text)).Split('.');
            if (parts.Length == 2 && long.TryParse(parts[0], out var ticks) && ticks >= 0 && ticks <= DateTimeOffset.MaxValue.UtcTicks
                && Guid.TryParseExact(parts[1], "N", out var id))
            {
                cursor = new QueueCursor(new DateTimeOffset(ticks, TimeSpan.Zero), id);
            }
        }
        catch (FormatException)
        {
            // Not base64url at all: the same answer as any other cursor this service never gave out.
        }

        return cursor is not null;
    }
}

/// <summary>
/// A municipality's queue, most urgent first: ordered by due date, then id, and paged by keyset. A page starts right
/// after the previous page's last (DueAt, Id) with a range condition the indexes in <see cref="CasesDb"/> answer
/// directly, so no page, however deep, scans the cases before it (no OFFSET).
/// </summary>
public static class CaseQueue
{
    /// <summary>One page of <paramref name="cases"/> after <paramref name="after"/>, and the cursor of the next page when there is one.</summary>
    public static async Task<(List<Case> Page, QueueCursor? Next)> PageAsync(IQueryable<Case> cases, QueueFilter filter, QueueCursor? after, int limit,
        DateTimeOffset now, CancellationToken ct)
    {
        var rows = await Query(cases, filter, after, limit, now).ToListAsync(ct);
        if (rows.Count <= limit)
        {
            return (rows, null);
        }

        rows.RemoveAt(limit);
        return (rows, new QueueCursor(rows[^1].DueAt, rows[^1].Id));
    }

    /// <summary>The query of one page and one case more (which says whether there is a next page).</summary>
    public static IQueryable<Case> Query(IQueryable<Case> cases, QueueFilter filter, QueueCursor? after, int limit, DateTimeOffset now)
    {
        var matching = Filter(cases, filter, now);
        if (after is not null)
        {
            var (dueAt, id) = (after.DueAt, after.Id);
            // The first condition is redundant to the second but lets the database start its index scan at the cursor.
            matching = matching.Where(c => c.DueAt >= dueAt && (c.DueAt > dueAt || c.Id.CompareTo(id) > 0));
        }

        return matching.OrderBy(c => c.DueAt).ThenBy(c => c.Id).Take(limit + 1);
    }

    private static IQueryable<Case> Filter(IQueryable<Case> cases, QueueFilter filter, DateTimeOffset now)
    {
        if (filter.State is { } state)
        {
            cases = cases.Where(c => c.Status == state);
        }

        if (!string.IsNullOrEmpty(filter.FormKey))
        {
            cases = cases.Where(c => c.FormKey == filter.FormKey);
        }

        if (filter.Unassigned)
        {
            cases = cases.Where(c => c.AssigneeId == null);
        }
        else if (!string.IsNullOrEmpty(filter.Assignee))
        {
            cases = cases.Where(c => c.AssigneeId == filter.Assignee);
        }

        if (filter.Overdue is { } overdue)
        {
            cases = overdue
                ? cases.Where(c => c.DueAt <= now && CaseLifecycle.OpenStages.Contains(c.Status))
                : cases.Where(c => c.DueAt > now || !CaseLifecycle.OpenStages.Contains(c.Status));
        }

        if (filter.SubmissionId is { } submissionId)
        {
            cases = cases.Where(c => c.SubmissionId == submissionId);
        }

        if (!string.IsNullOrEmpty(filter.CitizenId))
        {
            cases = cases.Where(c => c.CitizenId == filter.CitizenId);
        }

        return cases;
    }
}
