using System.Diagnostics;
using Platform.Proof.Network;

namespace Platform.Proof.Benchmark;

/// <summary>
/// Where the processor went during a run: each service process's time (utime + stime), the proof's own (the load
/// generator, the mail sink and the partner's endpoint, all in this process), and the rest of the machine (the broker,
/// the database, anything else running), from the busy jiffies of /proc/stat. Divided by the submissions completed,
/// it is the profile of one submission's way through the network, and the machine's cores over its total are the
/// ceiling any tuning of the services can reach on this box.
/// </summary>
public sealed class ProcessorAccount
{
    private readonly IReadOnlyList<ServiceProcess> _hosts;
    private readonly Dictionary<string, TimeSpan> _hostsAtStart;
    private readonly TimeSpan _selfAtStart;
    private readonly TimeSpan _machineAtStart;
    private readonly Stopwatch _clock = Stopwatch.StartNew();

    private ProcessorAccount(IReadOnlyList<ServiceProcess> hosts)
    {
        _hosts = hosts;
        _hostsAtStart = hosts.ToDictionary(h => h.Name, h => h.ProcessorTime);
        _selfAtStart = Process.GetCurrentProcess().TotalProcessorTime;
        _machineAtStart = MachineBusy();
    }

    public static ProcessorAccount Start(LocalNetwork network) => new(network.Hosts);

    /// <summary>Processor milliseconds per unit of work since the start, by where they were spent, and the machine's busy share of its cores.</summary>
    public (IReadOnlyList<(string Where, double Milliseconds)> PerUnit, double MachineBusyPercent) PerUnit(int units)
    {
        var elapsed = _clock.Elapsed;
        var services = _hosts
            .Where(h => h.ProcessId is not null)
            .Select(h => (h.Name, Used: h.ProcessorTime - _hostsAtStart.GetValueOrDefault(h.Name)))
            .ToList();
        var self = Process.GetCurrentProcess().TotalProcessorTime - _selfAtStart;
        var machine = MachineBusy() - _machineAtStart;
        var rest = machine - self - services.Aggregate(TimeSpan.Zero, (sum, s) => sum + s.Used);
        var perUnit = services
            .Append(("proof (load, mail sink, partner)", self))
            .Append(("rest of the machine (broker, database)", rest < TimeSpan.Zero ? TimeSpan.Zero : rest))
            .Select(s => (s.Item1, s.Item2.TotalMilliseconds / Math.Max(1, units)))
            .ToList();
        return (perUnit, machine / (elapsed * Environment.ProcessorCount) * 100);
    }

    // The first line of /proc/stat: jiffies spent by all cores in user, nice, system, irq and softirq (idle and iowait left out).
    private static TimeSpan MachineBusy()
    {
        if (!File.Exists("/proc/stat"))
        {
            return TimeSpan.Zero;
        }

        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries);
        long Jiffies(int index) => long.Parse(fields[index], System.Globalization.CultureInfo.InvariantCulture);
        var busy = Jiffies(1) + Jiffies(2) + Jiffies(3) + Jiffies(6) + Jiffies(7);
        // USER_HZ is 100 on every Linux the proof runs on.
        return TimeSpan.FromMilliseconds(busy * 10);
    }
}
