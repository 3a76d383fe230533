namespace Platform.Proof;

/// <summary>The commands' options: <c>--submissions N</c>, <c>--requests N</c>, <c>--postgres CONNECTION</c>.</summary>
public sealed record ProofOptions(int? Submissions, int? Requests, string? Postgres)
{
    public static ProofOptions Parse(string[] args)
    {
        string? Value(string name) => args.SkipWhile(a => a != name).Skip(1).FirstOrDefault();
        int? Number(string name) => Value(name) is { } text ? int.Parse(text, System.Globalization.CultureInfo.InvariantCulture) : null;
        return new ProofOptions(Number("--submissions"), Number("--requests"), Value("--postgres"));
    }
}
