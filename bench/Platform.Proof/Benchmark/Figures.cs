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

/// <summary>The benchmark's figures, printed once as a table for the eye and once as plain lines for a note.</summary>
public sealed class Figures
{
    private readonly List<Figure> _figures = [];

    public IReadOnlyList<Figure> All => _figures;

    public bool AllTargetsMet => _figures.All(f => f.Met != false);

    public void Add(Figure figure) => _figures.Add(figure);

    public void Print()
    {
        var table = new Table().Title("benchmark").AddColumns("section", "figure", "value", "target", "").Border(TableBorder.Rounded);
        foreach (var figure in _figures)
        {
            var verdict = figure.Met switch
            {
                true => "[green]pass[/]",
                false => "[red]MISS[/]",
                null => "",
            };
            table.AddRow(Markup.Escape(figure.Section), Markup.Escape(figure.What), Markup.Escape(figure.Value), Markup.Escape(figure.Target), verdict);
        }

        AnsiConsole.Write(table);

        // The same figures as plain text, column-aligned, to paste into a note.
        var widths = new[] { _figures.Max(f => f.Section.Length), _figures.Max(f => f.What.Length), _figures.Max(f => f.Value.Length), _figures.Max(f => f.Target.Length) };
        Console.WriteLine();
        foreach (var figure in _figures)
        {
            Console.WriteLine(string.Join("  ", figure.Section.PadRight(widths[0]), figure.What.PadRight(widths[1]), figure.Value.PadRight(widths[2]),
                figure.Target.PadRight(widths[3]), figure.Verdict).TrimEnd());
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
