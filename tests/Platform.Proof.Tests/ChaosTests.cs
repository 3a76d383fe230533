using System.Diagnostics;
using Platform.Proof.Chaos;
using Platform.Proof.Network;
using Xunit.Abstractions;

namespace Platform.Proof.Tests;

/// <summary>
/// The chaos run, shortened for CI: a few hundred citizens' submissions flow through the gateway to two replicas each
/// of cases and channels while RabbitMQ is stopped and started again, one replica of cases and then one of channels
/// are killed with SIGKILL and restarted, and the partner's webhook endpoint goes away for a while. Afterwards every
/// submission has exactly one case, every case one notification per recipient and channel (and one e-mail each at the
/// SMTP server), and the partner acknowledged each case.opened once, correctly signed.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nothing_is_lost_or_doubled_when_the_broker_restarts_and_a_replica_of_cases_and_of_channels_is_killed()
    {
        var stopwatch = Stopwatch.StartNew();
        // PostgreSQL, on a cluster of the test's own: replicas of a service share one database in production only there
        // (the Kubernetes base runs two of each on CloudNativePG), and there the workers' atomic claims (SKIP LOCKED)
        // are what keeps a redelivery or a second replica from doing work twice. The SQLite lease is proven by the
        // workers' own two-instance tests on both stores. test.sh's cluster is left alone: its first pass is the
        // SQLite one on purpose (PLATFORM_TEST_POSTGRES empty), and a cluster of our own starts in about a second.
        await using var postgres = await PostgresCluster.StartAsync();
        var options = ChaosPlan.Network(postgres.ConnectionString) with { Replicas = new Dictionary<string, int> { ["cases"] = 2, ["channels"] = 2 } };
        await using var network = await LocalNetwork.StartAsync(options, output.WriteLine);
        var report = await new ChaosRun(network, ChaosPlan.Short(), output.WriteLine).RunAsync(CancellationToken.None);

        foreach (var tally in report.Tallies)
        {
            output.WriteLine(tally.ToString());
        }

        output.WriteLine($"submitting {report.SubmittingTook.TotalSeconds:F0} s, settling {report.SettlingTook.TotalSeconds:F0} s, {stopwatch.Elapsed.TotalSeconds:F0} s in all");
        Assert.Equal(4, report.Faults.Count);
        Assert.Contains(report.Faults, fault => fault.What.StartsWith("cases-2 killed", StringComparison.Ordinal));
        Assert.Contains(report.Faults, fault => fault.What.StartsWith("channels-2 killed", StringComparison.Ordinal));
        Assert.Equal(report.Sent, report.Accepted);
        Assert.All(report.Tallies, tally => Assert.True(tally.Exact, tally.ToString()));
        Assert.All(report.ReadyAfterwards, host => Assert.True(host.Value, $"{host.Key} is not ready after the run"));
    }
}
