using Platform.Proof.Chaos;
using Platform.Proof.Network;
using Xunit.Abstractions;

namespace Platform.Proof.Tests;

/// <summary>
/// The chaos run, shortened for CI: a few hundred citizens' submissions flow through the gateway while RabbitMQ is
/// stopped and started again, the cases service is killed with SIGKILL and restarted, and the partner's webhook
/// endpoint goes away for a while. Afterwards every submission has exactly one case, every case one notification per
/// recipient and channel (and one e-mail each at the SMTP server), and the partner acknowledged each case.opened once,
/// correctly signed.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class ChaosTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Nothing_is_lost_or_doubled_when_the_broker_restarts_cases_is_killed_and_the_partner_goes_away()
    {
        await using var network = await LocalNetwork.StartAsync(ChaosPlan.Network(postgres: null), output.WriteLine);
        var report = await new ChaosRun(network, ChaosPlan.Short(), output.WriteLine).RunAsync(CancellationToken.None);

        foreach (var tally in report.Tallies)
        {
            output.WriteLine(tally.ToString());
        }

        Assert.Equal(3, report.Faults.Count);
        Assert.Equal(report.Sent, report.Accepted);
        Assert.All(report.Tallies, tally => Assert.True(tally.Exact, tally.ToString()));
        Assert.All(report.ReadyAfterwards, host => Assert.True(host.Value, $"{host.Key} is not ready after the run"));
    }
}
