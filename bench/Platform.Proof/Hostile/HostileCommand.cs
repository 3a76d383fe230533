using Spectre.Console;

namespace Platform.Proof.Hostile;

/// <summary>
/// <c>hostile [--requests N]</c>: the whole network on loopback, N bad requests (600 unless told) across every public
/// endpoint, then a table per kind of bad input and per endpoint, the broken rules with the requests that broke them,
/// and whether anything was stored and every host is ready. Exit code 0 only if all is well.
/// </summary>
public static class HostileCommand
{
    public const int DefaultRequests = 600;

    public static async Task<int> RunAsync(ProofOptions options, CancellationToken cancellationToken)
    {
        var requests = options.Requests ?? DefaultRequests;
        await using var network = await Commands.StartAsync(HostileRun.Network(options.Postgres) with { Replicas = options.EveryServiceReplicated }, cancellationToken);
        var run = new HostileRun(network, requests);
        HostileReport report = null!;
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var sending = progress.AddTask("bad requests sent", maxValue: requests);
                var running = run.RunAsync(step => AnsiConsole.MarkupLineInterpolated($"[grey]{step}[/]"), cancellationToken);
                while (!running.IsCompleted)
                {
                    sending.Value = run.Sent;
                    await Task.WhenAny(running, Task.Delay(250, cancellationToken));
                }

                sending.Value = run.Sent;
                report = await running;
            });

        Print(report);
        return report.Passed ? 0 : 1;
    }

    public static void Print(HostileReport report)
    {
        var byEndpoint = new Table().Title("per endpoint").AddColumns("endpoint", "requests", "statuses", "violations");
        foreach (var endpoint in report.Answers.GroupBy(a => a.Request.Endpoint.ToString()))
        {
            byEndpoint.AddRow(Markup.Escape(endpoint.Key), endpoint.Count().ToString(), Statuses(endpoint), ViolationsOf(report, endpoint));
        }

        AnsiConsole.Write(byEndpoint);

        var byCategory = new Table().Title("per kind of bad input").AddColumns("category", "requests", "endpoints", "statuses", "violations");
        foreach (var category in report.Answers.GroupBy(a => a.Request.Category).OrderBy(g => g.Key))
        {
            byCategory.AddRow(category.Key.ToString(), category.Count().ToString(), category.Select(a => a.Request.Endpoint).Distinct().Count().ToString(),
                Statuses(category), ViolationsOf(report, category));
        }

        byCategory.AddRow("[bold]all[/]", report.Answers.Count.ToString(), report.Answers.Select(a => a.Request.Endpoint).Distinct().Count().ToString(),
            Statuses(report.Answers), report.Violations.Count.ToString());
        AnsiConsole.Write(byCategory);

        foreach (var violation in report.Violations.Take(50))
        {
            AnsiConsole.MarkupLineInterpolated($"[red]{violation.Rule}[/] ({violation.Status}): {violation.Request}");
        }

        if (report.Violations.Count > 50)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]… and {report.Violations.Count - 50} more violations[/]");
        }

        foreach (var stored in report.StoredAnyway)
        {
            AnsiConsole.MarkupLineInterpolated($"[red]stored anyway:[/] {stored}");
        }

        AnsiConsole.MarkupLineInterpolated($"watched for anything stored: {report.Watched}");
        AnsiConsole.MarkupLineInterpolated(
            $"sending took {report.SendingTook.TotalSeconds:F1} s; 5xx: {report.ServerErrors.Count()}; stored anyway: {report.StoredAnyway.Count}; ready afterwards: {string.Join(", ", report.ReadyAfterwards.Select(r => $"{r.Key} {(r.Value ? "yes" : "NO")}"))}");
        AnsiConsole.MarkupLine(report.Passed
            ? "[green]No 5xx, every refusal a problem, nothing stored, every service ready.[/]"
            : "[red]The network did not hold: see the violations above.[/]");
    }

    private static string Statuses(IEnumerable<Answer> answers) =>
        string.Join(" ", answers.GroupBy(a => a.Status).OrderBy(g => g.Key).Select(g => $"{(g.Key == 0 ? "closed" : g.Key.ToString())}×{g.Count()}"));

    private static string ViolationsOf(HostileReport report, IEnumerable<Answer> answers)
    {
        var numbers = answers.Select(a => a.Request.Number).ToHashSet();
        var count = report.Violations.Count(v => numbers.Contains(v.Request.Number));
        return count == 0 ? "0" : $"[red]{count}[/]";
    }
}
