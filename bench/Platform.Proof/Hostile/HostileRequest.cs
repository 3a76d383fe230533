namespace Platform.Proof.Hostile;

/// <summary>The kinds of bad input the run sends.</summary>
public enum Category
{
    MalformedJson,
    TruncatedJson,
    WrongTypes,
    HugeBody,
    DeepNesting,
    InvalidUtf8,
    Injection,
    PathTraversal,
    ForgedToken,
    MissingToken,
    OtherTenantsIds,
}

/// <summary>What a request carries in its Authorization header.</summary>
public enum Credential
{
    /// <summary>The caller's own, real token (none for <see cref="Caller.Nobody"/>).</summary>
    Own,

    /// <summary>No Authorization header at all.</summary>
    Missing,

    /// <summary>A header made up by the run (<see cref="HostileRequest.Authorization"/>).</summary>
    Forged,
}

/// <summary>One bad request, complete enough to send again by hand: its number in the run tells how it was made.</summary>
public sealed record HostileRequest(
    int Number,
    Category Category,
    PublicEndpoint Endpoint,
    string Variant,
    string Method,
    string PathAndQuery,
    Caller Caller,
    Credential Credential = Credential.Own,
    string? Authorization = null,
    byte[]? Body = null,
    string? ContentType = null)
{
    /// <summary>
    /// Whether accepting it would mean the platform let someone in or reached into someone else's data: a write with
    /// a forged or missing token, or any request aimed at another party's case or submission.
    /// </summary>
    public bool MustBeRefused { get; init; }

    /// <summary>The ids of the other party's case and submission the request reaches for; an answer naming them leaks them.</summary>
    public IReadOnlyList<Guid> OthersIds { get; init; } = [];

    public override string ToString()
    {
        var who = Credential switch
        {
            Credential.Missing => "no token",
            Credential.Forged => $"forged token ({Variant})",
            _ => Caller.ToString(),
        };
        var body = Body is null ? "" : $", {Body.Length:N0} bytes {ContentType}: {Preview(Body)}";
        return $"#{Number} {Category}/{Variant} {Method} {PathAndQuery} as {who}{body}";
    }

    private static string Preview(byte[] body)
    {
        var text = System.Text.Encoding.UTF8.GetString(body, 0, Math.Min(body.Length, 120)).ReplaceLineEndings(" ");
        return body.Length > 120 ? text + "…" : text;
    }
}
