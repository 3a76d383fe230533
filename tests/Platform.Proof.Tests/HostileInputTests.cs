using System.Diagnostics;
using Platform.Proof.Hostile;
using Platform.Proof.Network;
using Xunit.Abstractions;

namespace Platform.Proof.Tests;

/// <summary>
/// The hostile-input run, shortened for CI: 500 bad requests through the gateway, every public endpoint several times
/// (malformed, truncated, wrongly typed, huge and deeply nested JSON, invalid UTF-8, injection strings, path traversal,
/// forged and missing tokens, other tenants' and citizens' ids). None may be answered with a 5xx, every refusal is a
/// problem, nothing aimed at someone else's case gets through, nothing is stored, and every service is ready after.
/// </summary>
[Collection(ProofCollection.Name)]
public sealed class HostileInputTests(ITestOutputHelper output)
{
    [Fact]
    public async Task Five_hundred_bad_requests_get_no_5xx_store_nothing_and_leave_every_service_ready()
    {
        var stopwatch = Stopwatch.StartNew();
        await using var network = await LocalNetwork.StartAsync(HostileRun.Network(postgres: null), output.WriteLine);
        var report = await new HostileRun(network, requests: 500).RunAsync(output.WriteLine, CancellationToken.None);
        output.WriteLine($"{report.Answers.Count} requests in {report.SendingTook.TotalSeconds:F1} s, {stopwatch.Elapsed.TotalSeconds:F0} s in all; watched {report.Watched}");

        Assert.True(report.Answers.Count >= 500);
        Assert.Equal(PublicEndpoints.All.Count, report.Answers.Select(a => a.Request.Endpoint).Distinct().Count());
        Assert.False(report.ServerErrors.Any(), "5xx answers:\n" + string.Join("\n", report.ServerErrors.Select(a => $"{a.Status} {a.Problem} for {a.Request}")));
        Assert.True(report.Violations.Count == 0, "broken rules:\n" + string.Join("\n", report.Violations.Select(v => $"{v.Rule} ({v.Status}): {v.Request}")));
        Assert.True(report.StoredAnyway.Count == 0, "stored anyway:\n" + string.Join("\n", report.StoredAnyway));
        Assert.All(report.ReadyAfterwards, host => Assert.True(host.Value, $"{host.Key} is not ready after the run"));
    }
}
