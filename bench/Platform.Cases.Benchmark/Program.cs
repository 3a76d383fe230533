using System.Diagnostics;
using System.Globalization;
using Microsoft.EntityFrameworkCore;
using Platform.Cases.Benchmark;
using Platform.Cases.Cases;

// The queue of one municipality with 10k and with 1M cases: the first page and a page deep in it (90 % through the
// filtered queue), read with CaseQueue exactly as GET /tenants/{t}/cases?state=Received&formKey=street-light does.
// Usage: dotnet run -c Release --project bench/Platform.Cases.Benchmark [-- --postgres "Host=127.0.0.1;Port=5432;Username=postgres"] [--sizes 10000,1000000]
var postgres = Argument("--postgres");
var sizes = (Argument("--sizes") ?? "10000,1000000").Split(',').Select(s => int.Parse(s, CultureInfo.InvariantCulture)).ToArray();
const int PageSize = 50;
const int Runs = 30;
// The first queries of a process pay for JIT, EF Core query compilation and opening pooled connections.
const int WarmUp = 20;
var filter = new QueueFilter(CaseStatus.Received, "street-light");
var now = new DateTimeOffset(2026, 6, 1, 0, 0, 0, TimeSpan.Zero);

Console.WriteLine($"Store: {(postgres is null ? "SQLite (embedded file)" : $"PostgreSQL ({Server(postgres)})")}");
Console.WriteLine($"Queue: one municipality, filtered state=Received&formKey=street-light, {PageSize} per page, keyset cursor; median of {Runs} runs after warm-up");
Console.WriteLine();

var results = new List<(int Size, double First, double Deep, int DeepPosition)>();
foreach (var size in sizes)
{
    var seeding = Stopwatch.StartNew();
    await using var queue = await SeededQueue.CreateAsync(postgres, size);
    Console.WriteLine($"{size,9:N0} cases seeded in {seeding.Elapsed.TotalSeconds:F1} s");

    // The cursor a caseworker would hold after paging 90 % of the way through; found once, outside the timing.
    int matching;
    QueueCursor deepCursor;
    await using (var db = queue.Open())
    {
        var filtered = db.Cases.Where(c => c.TenantId == SeededQueue.Tenant && c.Status == CaseStatus.Received && c.FormKey == "street-light");
        matching = await filtered.CountAsync();
        var row = await filtered.OrderBy(c => c.DueAt).ThenBy(c => c.Id).Skip(matching * 9 / 10).Select(c => new { c.DueAt, c.Id }).FirstAsync();
        deepCursor = new QueueCursor(row.DueAt, row.Id);
    }

    await using (var db = queue.Open())
    {
        var deepQuery = CaseQueue.Query(db.Cases.Where(c => c.TenantId == SeededQueue.Tenant), filter, deepCursor, PageSize, now);
        await using var explain = deepQuery.CreateDbCommand();
        explain.CommandText = (postgres is null ? "EXPLAIN QUERY PLAN " : "EXPLAIN ") + explain.CommandText;
        await explain.Connection!.OpenAsync();
        await using var plan = await explain.ExecuteReaderAsync();
        Console.WriteLine($"{"",9}   the deep page's plan:");
        while (await plan.ReadAsync())
        {
            Console.WriteLine($"{"",9}     {plan.GetValue(plan.FieldCount - 1)}");
        }
    }

    var first = await MedianAsync(queue, cursor: null);
    var deep = await MedianAsync(queue, deepCursor);
    results.Add((size, first, deep, matching * 9 / 10));
    Console.WriteLine($"{"",9}   {matching:N0} match the filter; first page {first:F2} ms, page at position {matching * 9 / 10:N0}: {deep:F2} ms");
}

Console.WriteLine();
Console.WriteLine($"{"cases",10} {"first page (ms)",16} {"deep page (ms)",15}");
foreach (var r in results)
{
    Console.WriteLine($"{r.Size,10:N0} {r.First,16:F2} {r.Deep,15:F2}");
}

if (results.Count >= 2)
{
    var (small, large) = (results[0], results[^1]);
    Console.WriteLine();
    Console.WriteLine($"ratio {large.Size:N0} / {small.Size:N0} cases: first page {large.First / small.First:F2}x, deep page {large.Deep / small.Deep:F2}x " +
        $"(for {large.Size / small.Size}x the cases)");
}

async Task<double> MedianAsync(SeededQueue queue, QueueCursor? cursor)
{
    var timings = new List<double>();
    for (var run = -WarmUp; run < Runs; run++)
    {
        var clock = Stopwatch.StartNew();
        await using var db = queue.Open();
        var (page, _) = await CaseQueue.PageAsync(db.Cases.Where(c => c.TenantId == SeededQueue.Tenant), filter, cursor, PageSize, now, CancellationToken.None);
        clock.Stop();
        if (page.Count != PageSize)
        {
            throw new InvalidOperationException($"Expected a full page, got {page.Count} cases.");
        }

        if (run >= 0)
        {
            timings.Add(clock.Elapsed.TotalMilliseconds);
        }
    }

    timings.Sort();
    return timings[timings.Count / 2];
}

string? Argument(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();

static string Server(string connectionString)
{
    var builder = new Npgsql.NpgsqlConnectionStringBuilder(connectionString);
    return $"{builder.Host}:{builder.Port}";
}
