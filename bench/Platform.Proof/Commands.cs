using Platform.Proof.Chaos;
using Platform.Proof.Network;
using Spectre.Console;

namespace Platform.Proof;

/// <summary>Each command: start the network, run, print what was measured or counted, stop everything.</summary>
public static class Commands
{
    public static async Task<int> ChaosAsync(ProofOptions options, CancellationToken cancellationToken)
    {
        var plan = ChaosPlan.Full(options.Submissions ?? 10_000);
        await using var network = await StartAsync(ChaosPlan.Network(options.Postgres) with { Replicas = options.EveryServiceReplicated }, cancellationToken);
        var run = new ChaosRun(network, plan, line => AnsiConsole.MarkupLineInterpolated($"[grey]{line}[/]"));
        ChaosReport report = null!;
        await AnsiConsole.Progress().AutoClear(false).Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new ElapsedTimeColumn())
            .StartAsync(async progress =>
            {
                var submitting = progress.AddTask("submissions sent", maxValue: plan.Submissions + 2);
                var running = run.RunAsync(cancellationToken);
                while (!running.IsCompleted)
                {
                    submitting.Value = run.Sent;
                    await Task.WhenAny(running, Task.Delay(250, cancellationToken));
                }

                submitting.Value = run.Sent;
                report = await running;
            });

        var faults = new Table().AddColumns("fault", "at", "lasted");
        foreach (var fault in report.Faults)
        {
            faults.AddRow(fault.What, $"{fault.At.TotalSeconds:F1} s", $"{fault.Lasted.TotalSeconds:F1} s");
        }

        AnsiConsole.Write(faults);
        var counts = new Table().AddColumns("what", "expected", "exactly once", "missing", "more than once", "failed or badly signed");
        counts.AddRow("submissions accepted", report.Sent.ToString(), report.Accepted.ToString(), (report.Sent - report.Accepted).ToString(), "-", "-");
        foreach (var tally in report.Tallies)
        {
            counts.AddRow(tally.What, tally.Expected.ToString(), tally.Once.ToString(), tally.Missing.ToString(), tally.Duplicated.ToString(), tally.Faulty.ToString());
        }

        AnsiConsole.Write(counts);
        AnsiConsole.MarkupLineInterpolated($"submitting took {report.SubmittingTook.TotalSeconds:F0} s, settling {report.SettlingTook.TotalSeconds:F0} s; ready afterwards: {string.Join(", ", report.ReadyAfterwards.Select(r => $"{r.Key} {(r.Value ? "yes" : "NO")}"))}");
        AnsiConsole.MarkupLine(report.NothingLost ? "[green]Nothing lost, nothing doubled.[/]" : "[red]Something was lost or doubled: see the counts.[/]");
        return report.NothingLost ? 0 : 1;
    }

    /// <summary>Starts the network with a status line per step, and says where its logs are.</summary>
    public static async Task<LocalNetwork> StartAsync(NetworkOptions options, CancellationToken cancellationToken)
    {
        LocalNetwork network = null!;
        await AnsiConsole.Status().StartAsync("starting the network", async status =>
        {
            network = await LocalNetwork.StartAsync(options, step => status.Status(step), cancellationToken);
        });
        AnsiConsole.MarkupLineInterpolated($"[grey]network up: gateway {network.Gateway}, logs in {network.Directory}/logs[/]");
        return network;
    }
}
