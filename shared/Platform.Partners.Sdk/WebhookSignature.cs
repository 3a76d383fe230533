using System.Security.Cryptography;
using System.Text;

namespace Platform.Partners.Sdk;

/// <summary>
/// The Standard Webhooks signature scheme (https://www.standardwebhooks.com): an HMAC-SHA256 over
/// <c>{webhook-id}.{webhook-timestamp}.{body}</c> with a <c>whsec_</c> secret, sent as <c>v1,{base64}</c>. The
/// platform signs with it and a partner verifies with it, so both sides compute the same bytes.
/// </summary>
public static class WebhookSignature
{
    public const string IdHeader = "webhook-id";
    public const string TimestampHeader = "webhook-timestamp";
    public const string SignatureHeader = "webhook-signature";

    private const string SecretPrefix = "whsec_";
    private const string Version = "v1,";

    /// <summary>A fresh secret: 32 random bytes, base64, with the spec's <c>whsec_</c> prefix.</summary>
    public static string NewSecret() => SecretPrefix + Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    /// <summary>One signature, <c>v1,{base64}</c>. Several (one per secret during a rotation) go space-separated in one header.</summary>
    public static string Sign(string secret, string messageId, long timestamp, string body)
    {
        using var hmac = new HMACSHA256(KeyOf(secret));
        return Version + Convert.ToBase64String(hmac.ComputeHash(Encoding.UTF8.GetBytes($"{messageId}.{timestamp}.{body}")));
    }

    internal static byte[] KeyOf(string secret) =>
        Convert.FromBase64String(secret.StartsWith(SecretPrefix, StringComparison.Ordinal) ? secret[SecretPrefix.Length..] : secret);

    internal static bool Matches(string expected, string offered) =>
        CryptographicOperations.FixedTimeEquals(Encoding.ASCII.GetBytes(expected), Encoding.ASCII.GetBytes(offered));
}

/// <summary>Whether a webhook request is genuine; <see cref="Failure"/> says why not.</summary>
public sealed record WebhookVerification(bool IsValid, string? Failure)
{
    internal static readonly WebhookVerification Valid = new(true, null);

    internal static WebhookVerification Invalid(string failure) => new(false, failure);
}

/// <summary>
/// Verifies the webhooks a partner receives. Give it every secret currently in use: while the platform rotates a
/// subscription's secret it signs with the old and the new one, and one match is enough. A request older or newer
/// than <see cref="Tolerance"/> is refused, so a captured request cannot be replayed later.
/// </summary>
public sealed class WebhookVerifier
{
    private readonly string[] _secrets;
    private readonly TimeProvider _clock;

    public WebhookVerifier(IEnumerable<string> secrets, TimeProvider? clock = null)
    {
        _secrets = secrets.Where(s => !string.IsNullOrWhiteSpace(s)).ToArray();
        if (_secrets.Length == 0)
        {
            throw new ArgumentException("Give at least one webhook secret (whsec_...).", nameof(secrets));
        }

        foreach (var secret in _secrets)
        {
            try
            {
                WebhookSignature.KeyOf(secret);
            }
            catch (FormatException)
            {
                throw new ArgumentException("A webhook secret is 'whsec_' followed by base64.", nameof(secrets));
            }
        }

        _clock = clock ?? TimeProvider.System;
    }

    public WebhookVerifier(params string[] secrets) : this((IEnumerable<string>)secrets)
    {
    }

    public TimeSpan Tolerance { get; init; } = TimeSpan.FromMinutes(5);

    /// <param name="header">Reads a request header by name (case-insensitive), e.g. <c>name =&gt; request.Headers[name]</c>.</param>
    /// <param name="body">The raw body exactly as received, before any JSON parsing.</param>
    public WebhookVerification Verify(Func<string, string?> header, string body) =>
        Verify(header(WebhookSignature.IdHeader), header(WebhookSignature.TimestampHeader), header(WebhookSignature.SignatureHeader), body);

    public WebhookVerification Verify(string? messageId, string? timestamp, string? signatures, string body)
    {
        if (string.IsNullOrEmpty(messageId) || string.IsNullOrEmpty(timestamp) || string.IsNullOrEmpty(signatures))
        {
            return WebhookVerification.Invalid("The webhook-id, webhook-timestamp and webhook-signature headers are all required.");
        }

        if (!long.TryParse(timestamp, out var seconds))
        {
            return WebhookVerification.Invalid("webhook-timestamp is not a Unix time in seconds.");
        }

        var age = _clock.GetUtcNow() - DateTimeOffset.FromUnixTimeSeconds(seconds);
        if (age.Duration() > Tolerance)
        {
            return WebhookVerification.Invalid($"webhook-timestamp is {age.TotalSeconds:F0} s away from now, beyond the {Tolerance.TotalSeconds:F0} s tolerance.");
        }

        var offered = signatures.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        foreach (var secret in _secrets)
        {
            var expected = WebhookSignature.Sign(secret, messageId, seconds, body);
            if (offered.Any(signature => WebhookSignature.Matches(expected, signature)))
            {
                return WebhookVerification.Valid;
            }
        }

        return WebhookVerification.Invalid("No signature matches a known secret.");
    }
}
