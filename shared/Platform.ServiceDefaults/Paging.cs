using System.Globalization;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults;

/// <summary>
/// How every list endpoint of the platform pages: <c>?limit=</c> (by default <see cref="DefaultLimit"/>; one above the
/// list's maximum is clamped to it, as the cases queue and the inbox always did, so an old client asking for much still
/// gets an answer) and <c>?offset=</c>, or a cursor where a list has a natural key to continue from. When more items
/// follow, the Link header (rel="next") holds the next page's address, so a client never has to guess the maximum.
/// </summary>
public static class Paging
{
    public const int DefaultLimit = 50;
    public const int MaxLimit = 200;

    /// <summary>The page size a caller asked for, within 1 and <paramref name="max"/>.</summary>
    public static int Limit(int? limit, int @default = DefaultLimit, int max = MaxLimit) => Math.Clamp(limit ?? @default, 1, max);

    /// <summary>
    /// One page of <paramref name="ordered"/>, which must be ordered by a unique key so that pages neither overlap nor skip;
    /// one row more than the page is read to know whether a next page exists.
    /// </summary>
    public static async Task<List<T>> PageAsync<T>(this IQueryable<T> ordered, int? limit, int? offset, HttpContext http, CancellationToken ct,
        int @default = DefaultLimit, int max = MaxLimit)
    {
        var (take, skip) = (Limit(limit, @default, max), Math.Max(offset ?? 0, 0));
        return Paged(await ordered.Skip(skip).Take(take + 1).ToListAsync(ct), take, skip, http);
    }

    /// <summary>One page of a list that is put together in memory (grouped or merged), in its order.</summary>
    public static List<T> Page<T>(this IEnumerable<T> ordered, int? limit, int? offset, HttpContext http, int @default = DefaultLimit, int max = MaxLimit)
    {
        var (take, skip) = (Limit(limit, @default, max), Math.Max(offset ?? 0, 0));
        return Paged(ordered.Skip(skip).Take(take + 1).ToList(), take, skip, http);
    }

    /// <summary>Points the Link header at this request again with <paramref name="parameter"/> set to <paramref name="value"/>.</summary>
    public static void LinkNext(HttpContext http, string parameter, string value)
    {
        // A reference of only a query keeps the request's own path, so the link works behind the gateway's prefixes too.
        var query = QueryHelpers.ParseQuery(http.Request.QueryString.Value)
            .Where(p => !string.Equals(p.Key, parameter, StringComparison.OrdinalIgnoreCase))
            .SelectMany(p => p.Value.Select(v => KeyValuePair.Create(p.Key, v)))
            .Append(KeyValuePair.Create(parameter, (string?)value));
        http.Response.Headers.Link = $"<{QueryString.Create(query)}>; rel=\"next\"";
    }

    private static List<T> Paged<T>(List<T> rows, int take, int skip, HttpContext http)
    {
        if (rows.Count > take)
        {
            rows.RemoveAt(take);
            LinkNext(http, "offset", (skip + take).ToString(CultureInfo.InvariantCulture));
        }

        return rows;
    }
}
