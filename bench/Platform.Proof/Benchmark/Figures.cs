using System.Globalization;
using Spectre.Console;

namespace Platform.Proof.Benchmark;

/// <summary>
/// One measured figure: what it is, its value as printed, the target it is held to (none for figures that only give
/// context, such as the direct throughput the gateway's is compared with), and whether it met it.
/// </summary>
public sealed record Figure(string Section, string What, string Value, string Target = "", bool? Met = null)
{
    public string Verdict => Met switch
    {
        true => "pass",
        false => "MISS",
        null => "",
    };
}

/// <summary>One run's figures; the runs on each store are printed side by side, once as a table for the eye and once as plain lines for a note.</summary>
public sealed class Figures
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> All => _figures;

    public bool AllTargetsMet => _figures.All(f => f.Met != false);

    public void Add(Figure figure) => _figures.Add(figure);

    /// <summary>A row per figure any run measured, in the order they were measured; a column per run (its store) with the value and its verdict.</summary>
    public static void Print(IReadOnlyList<(string Store, Figures Figures)> runs)
    {
        var rows = runs.SelectMany(r => r.Figures.All).Select(f => (f.Section, f.What)).Distinct().ToList();
        Figure? In(Figures figures, (string Section, string What) row) => figures.All.FirstOrDefault(f => (f.Section, f.What) == row);
        string Target((string Section, string What) row) => runs.Select(r => In(r.Figures, row)?.Target).FirstOrDefault(t => !string.IsNullOrEmpty(t)) ?? "";
        string Cell(Figure? figure) => figure is null ? "-" : figure.Verdict is { Length: > 0 } verdict ? $"{figure.Value}  {verdict}" : figure.Value;

        var table = new Table().Title("benchmark").Border(TableBorder.Rounded).AddColumns("section", "figure");
        foreach (var (store, _) in runs)
        {
            table.AddColumn(store);
        }

        table.AddColumn("target");
        foreach (var row in rows)
        {
            var cells = runs.Select(r => In(r.Figures, row)).Select(f => f?.Met switch
            {
                true => $"{Markup.Escape(f.Value)} [green]pass[/]",
                false => $"{Markup.Escape(f.Value)} [red]MISS[/]",
                null => Markup.Escape(f?.Value ?? "-"),
            });
            table.AddRow([Markup.Escape(row.Section), Markup.Escape(row.What), .. cells, Markup.Escape(Target(row))]);
        }

        AnsiConsole.Write(table);

        // The same figures as plain text, column-aligned, to paste into a note.
        string[][] lines =
        [
            ["section", "figure", .. runs.Select(r => r.Store), "target"],
            .. rows.Select(row => (string[])[row.Section, row.What, .. runs.Select(r => Cell(In(r.Figures, row))), Target(row)]),
        ];
        var widths = Enumerable.Range(0, lines[0].Length).Select(column => lines.Max(line => line[column].Length)).ToArray();
        Console.WriteLine();
        foreach (var line in lines)
        {
            Console.WriteLine(string.Join("  ", line.Select((cell, column) => cell.PadRight(widths[column]))).TrimEnd());
        }
    }
}

/// <summary>How the benchmark writes numbers: invariant culture, units spelled out.</summary>
public static class Format
{
    public static string Milliseconds(TimeSpan time) => time.TotalMilliseconds.ToString(time.TotalMilliseconds < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " ms";

    public static string PerSecond(double rate, string what) => rate.ToString(rate < 100 ? "F1" : "F0", CultureInfo.InvariantCulture) + $" {what}/s";

    public static string Ratio(double ratio) => ratio.ToString("F2", CultureInfo.InvariantCulture);

    public static string Megabytes(long bytes) => (bytes / (1024.0 * 1024.0)).ToString("F0", CultureInfo.InvariantCulture) + " MB";

    public static string Percent(double percent) => percent.ToString(percent < 10 ? "F2" : "F1", CultureInfo.InvariantCulture) + " %";

    public static string Seconds(TimeSpan time) => time.TotalSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
}

/// <summary>Percentiles by the nearest-rank method.</summary>
public static class Percentile
{
    /// <summary>The value that <paramref name="percent"/> per cent of the samples do not exceed.</summary>
    public static TimeSpan Of(IReadOnlyCollection<TimeSpan> samples, double percent)
    {
        if (samples.Count == 0)
        {
            return TimeSpan.Zero;
        }

        var sorted = samples.Order().ToArray();
        var rank = (int)Math.Ceiling(percent / 100.0 * sorted.Length);
        return sorted[Math.Clamp(rank - 1, 0, sorted.Length - 1)];
    }
}
