namespace Platform.Proof.Hostile;

public static class HostileCommand
{
    public static Task<int> RunAsync(ProofOptions options, CancellationToken cancellationToken) => throw new NotImplementedException("hostile: being written");
}
