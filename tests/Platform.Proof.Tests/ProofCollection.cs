namespace Platform.Proof.Tests;

/// <summary>
/// Each run starts a whole network of processes; on a CI machine's two cores two at once would measure the machine,
/// not the platform, so they take turns.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ProofCollection
{
    public const string Name = "Proof runs";
}
