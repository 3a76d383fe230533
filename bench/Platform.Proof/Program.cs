using Platform.Proof;
using Spectre.Console;

// Proof under load and faults, on this machine's loopback only. Each command starts the whole network as processes
// (LocalNetwork), does its run, prints its table and stops everything again. Build in Release first:
//   dotnet run -c Release --project bench/Platform.Proof -- benchmark
//   dotnet run -c Release --project bench/Platform.Proof -- chaos   [--submissions 10000]
//   dotnet run -c Release --project bench/Platform.Proof -- hostile [--requests 600]
// Add --postgres "Host=127.0.0.1;Port=55432;Username=postgres" to keep the services' data in PostgreSQL instead of SQLite.
var command = args.FirstOrDefault() ?? "";
var options = ProofOptions.Parse(args.Skip(1).ToArray());
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

return command switch
{
    "benchmark" => await Platform.Proof.Benchmark.BenchmarkCommand.RunAsync(options, cancel.Token),
    "chaos" => await Commands.ChaosAsync(options, cancel.Token),
    "hostile" => await Platform.Proof.Hostile.HostileCommand.RunAsync(options, cancel.Token),
    _ => Usage(),
};

static int Usage()
{
    AnsiConsole.MarkupLine("usage: [bold]dotnet run -c Release --project bench/Platform.Proof -- benchmark | chaos | hostile[/] [[--submissions N]] [[--requests N]] [[--postgres CONNECTION]]");
    return 2;
}
