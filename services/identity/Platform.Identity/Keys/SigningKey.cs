namespace Platform.Identity.Keys;

/// <summary>
/// An RSA key the identity service signs tokens with. One key is active at a time; a key rotated out stays published
/// (in the JWKS) until every access token it signed has expired, unless it was withdrawn because it leaked.
/// </summary>
public sealed class SigningKey
{
    /// <summary>The <c>kid</c> in the header of every token this key signs.</summary>
    public required string KeyId { get; init; }

    /// <summary>PKCS#8 PEM. A production deployment would keep this in a key vault or wrap it with Data Protection.</summary>
    public required string PrivateKey { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset ActivatedAt { get; init; }
    public DateTimeOffset? RetiredAt { get; private set; }

    /// <summary>When the key leaves the JWKS: tokens it signed are refused from then on.</summary>
    public DateTimeOffset? PublishedUntil { get; private set; }

    public bool IsActive => RetiredAt is null;

    public bool IsPublishedAt(DateTimeOffset now) => IsActive || PublishedUntil > now;

    public void Retire(DateTimeOffset now, TimeSpan stillPublishedFor)
    {
        RetiredAt = now;
        PublishedUntil = now + stillPublishedFor;
    }

    public string StatusAt(DateTimeOffset now) => IsActive ? "active" : IsPublishedAt(now) ? "published" : "retired";
}

/// <summary>
/// The symmetric key OpenIddict encrypts its own artefacts with (authorization codes, refresh tokens), kept so
/// that a restart does not invalidate the codes and refresh tokens already handed out.
/// </summary>
public sealed class EncryptionKey
{
    public required string KeyId { get; init; }

    /// <summary>256 random bits, base64.</summary>
    public required string Secret { get; init; }

    public DateTimeOffset CreatedAt { get; init; }
}
