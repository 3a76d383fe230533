namespace Platform.Proof;

/// <summary>
/// The commands' options: <c>--submissions N</c>, <c>--requests N</c>, <c>--postgres CONNECTION</c>, <c>--replicas N</c>,
/// and the benchmark's <c>--phases idle,get,messaging,end-to-end</c> (all unless told: one alone when profiling it).
/// </summary>
public sealed record ProofOptions(int? Submissions, int? Requests, string? Postgres, int Replicas = 1, IReadOnlySet<string>? Phases = null)
{
    public bool Runs(string phase) => Phases is null || Phases.Contains(phase);

    /// <summary><c>--replicas N</c> as the network takes it: N processes of every service.</summary>
    public IReadOnlyDictionary<string, int> EveryServiceReplicated => new Dictionary<string, int> { ["*"] = Replicas };

    public static ProofOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int? Number(string name) => Value(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
        var replicas = Number("--replicas") ?? 1;
        if (replicas < 1)
        {
            throw new ArgumentOutOfRangeException(nameof(args), replicas, "--replicas is at least 1.");
        }

        var phases = Value("--phases")?.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToHashSet(StringComparer.OrdinalIgnoreCase);
        return new ProofOptions(Number("--submissions"), Number("--requests"), Value("--postgres"), replicas, phases);
    }
}
