using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;

namespace Platform.Proof.Hostile;

/// <summary>
/// Authorization headers an attacker could make from a real token they saw: the same claims under a broken, missing
/// or foreign signature, claims changed under the real signature, a token from another issuer, an expired one.
/// None of them may get anyone in.
/// </summary>
public static class ForgedTokens
{
    // One key for the whole run: a forger's own key, of the right kind, that the network never published.
    private static readonly RSA ForgersKey = RSA.Create(2048);

    public static readonly string[] Variants =
    [
        "signature-flipped", "alg-none", "signed-by-another-key", "expired", "another-issuer", "claims-changed",
        "hs256-with-public-name", "not-a-jwt", "empty-bearer", "basic-scheme", "huge-token",
    ];

    /// <summary>The Authorization header for <paramref name="variant"/>, made from <paramref name="realToken"/>.</summary>
    public static string Make(string variant, string realToken)
    {
        var now = DateTimeOffset.UtcNow.ToUnixTimeSeconds();
        var parts = realToken.Split('.');
        // An encrypted token (JWE, five parts) shows nothing of its claims; the forger then guesses them.
        var (header, claims) = parts.Length == 3
            ? (JsonNode.Parse(Decode(parts[0]))!.AsObject(), JsonNode.Parse(Decode(parts[1]))!.AsObject())
            : (new JsonObject { ["alg"] = "RS256", ["typ"] = "at+jwt", ["kid"] = "guessed" },
                new JsonObject { ["sub"] = "citizen-kari", ["tenant"] = "fjordby", ["scope"] = "openid", ["exp"] = now + 3600 });
        if (parts.Length != 3)
        {
            parts = [Encode(header), Encode(claims), Base64Url(new byte[256])];
        }

        return variant switch
        {
            "signature-flipped" => "Bearer " + parts[0] + "." + parts[1] + "." + Flip(parts[2]),
            "alg-none" => "Bearer " + Encode(new JsonObject { ["alg"] = "none", ["typ"] = "JWT" }) + "." + parts[1] + ".",
            "signed-by-another-key" => "Bearer " + SignRs256(header, claims),
            "expired" => "Bearer " + SignRs256(header, With(claims, ("exp", now - 3600), ("nbf", now - 7200), ("iat", now - 7200))),
            "another-issuer" => "Bearer " + SignRs256(header, With(claims, ("iss", "https://issuer.attacker.example/"))),
            "claims-changed" => "Bearer " + parts[0] + "." + Encode(With(claims, ("sub", "citizen-anna"), ("tenant", "skogsberg"))) + "." + parts[2],
            "hs256-with-public-name" => "Bearer " + SignHs256(header, claims, Encoding.UTF8.GetBytes(header["kid"]?.GetValue<string>() ?? "key")),
            "not-a-jwt" => "Bearer ' OR '1'='1",
            "empty-bearer" => "Bearer ",
            "basic-scheme" => "Basic " + Convert.ToBase64String(Encoding.UTF8.GetBytes("nordbank-client:nordbank-demo-secret")),
            "huge-token" => "Bearer " + new string('A', 16_000),
            _ => throw new ArgumentOutOfRangeException(nameof(variant), variant, "No such forgery."),
        };
    }

    private static JsonObject With(JsonObject claims, params (string Name, JsonNode Value)[] changes)
    {
        var changed = claims.DeepClone().AsObject();
        foreach (var (name, value) in changes)
        {
            changed[name] = value;
        }

        return changed;
    }

    private static string SignRs256(JsonObject header, JsonObject claims)
    {
        var unsigned = Encode(header) + "." + Encode(claims);
        var signature = ForgersKey.SignData(Encoding.ASCII.GetBytes(unsigned), HashAlgorithmName.SHA256, RSASignaturePadding.Pkcs1);
        return unsigned + "." + Base64Url(signature);
    }

    private static string SignHs256(JsonObject header, JsonObject claims, byte[] secret)
    {
        var hs256 = header.DeepClone().AsObject();
        hs256["alg"] = "HS256";
        var unsigned = Encode(hs256) + "." + Encode(claims);
        return unsigned + "." + Base64Url(HMACSHA256.HashData(secret, Encoding.ASCII.GetBytes(unsigned)));
    }

    private static string Flip(string signature) =>
        (signature[0] == 'A' ? 'B' : 'A') + signature[1..];

    private static string Encode(JsonNode node) => Base64Url(Encoding.UTF8.GetBytes(node.ToJsonString()));

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    private static string Decode(string part)
    {
        var padded = part.Replace('-', '+').Replace('_', '/');
        padded += new string('=', (4 - padded.Length % 4) % 4);
        return Encoding.UTF8.GetString(Convert.FromBase64String(padded));
    }
}
