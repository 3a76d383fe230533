namespace Platform.Proof.Benchmark;

public static class BenchmarkCommand
{
    public static Task<int> RunAsync(ProofOptions options, CancellationToken cancellationToken) => throw new NotImplementedException("benchmark: being written");
}
