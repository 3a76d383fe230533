using System.Runtime.InteropServices;
using Platform.Proof;
using Spectre.Console;

// Proof under load and faults, on this machine's loopback only. Each command starts the whole network as processes
// (LocalNetwork), does its run, prints its table and stops everything again. Build in Release first:
//   dotnet run -c Release --project bench/Platform.Proof -- benchmark
//   dotnet run -c Release --project bench/Platform.Proof -- chaos   [--submissions 10000]
//   dotnet run -c Release --project bench/Platform.Proof -- hostile [--requests 600]
// Add --postgres "Host=127.0.0.1;Port=55432;Username=postgres" to keep the services' data in PostgreSQL instead of SQLite
// (the benchmark runs on PostgreSQL and on SQLite, starting a cluster of its own without it), and --replicas N to run N
// processes of every service behind the gateway, all replicas of a service on its one database.
var command = args.FirstOrDefault() ?? "";
var options = ProofOptions.Parse(args.Skip(1).ToArray());
using var cancel = new CancellationTokenSource();
// Ctrl-C or a kill ends the run, and the run stops every process it started.
using var interrupted = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
using var terminated = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);

return command switch
{
    "benchmark" => await Platform.Proof.Benchmark.BenchmarkCommand.RunAsync(options, cancel.Token),
    "chaos" => await Commands.ChaosAsync(options, cancel.Token),
    "hostile" => await Platform.Proof.Hostile.HostileCommand.RunAsync(options, cancel.Token),
    _ => Usage(),
};

void Stop(PosixSignalContext signal)
{
    signal.Cancel = true;
    cancel.Cancel();
}

static int Usage()
{
    AnsiConsole.MarkupLine("usage: [bold]dotnet run -c Release --project bench/Platform.Proof -- benchmark | chaos | hostile[/] [[--submissions N]] [[--requests N]] [[--postgres CONNECTION]] [[--replicas N]] [[--phases idle,get,messaging,end-to-end]]");
    return 2;
}
