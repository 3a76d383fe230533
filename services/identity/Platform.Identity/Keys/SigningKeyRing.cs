using System.Buffers.Text;
using System.Security.Cryptography;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;
using Microsoft.IdentityModel.Tokens;
using OpenIddict.Server;

namespace Platform.Identity.Keys;

/// <summary>A signing key as <c>GET /signing-keys</c> lists it; never the key material.</summary>
public sealed record SigningKeyStatus(string KeyId, string Status, DateTimeOffset CreatedAt, DateTimeOffset ActivatedAt, DateTimeOffset? RetiredAt, DateTimeOffset? PublishedUntil);

/// <summary>
/// The keys in <c>signing_keys</c>, held in memory for OpenIddict (which signs with the first and publishes all in
/// its JWKS) and for this service's own token validation. Rotation writes the table, then drops OpenIddict's cached
/// options so the next request rebuilds them from the ring: OpenIddict reads <c>IOptionsMonitor.CurrentValue</c> for
/// every request (OpenIddictServerFactory.CreateTransactionAsync), so neither JWKS nor signing needs a restart.
/// With several instances, each picks up another's rotation only when it restarts.
/// </summary>
public sealed class SigningKeyRing(
    IServiceScopeFactory scopes,
    IOptionsMonitorCache<OpenIddictServerOptions> serverOptions,
    IOptions<IdentitySettings> settings,
    TimeProvider clock,
    ILogger<SigningKeyRing> log) : IDisposable
{
    private readonly SemaphoreSlim _changing = new(1, 1);
    private Snapshot? _snapshot;
    private ITimer? _nextDropOut;

    private sealed record LoadedKey(SigningKey Row, RsaSecurityKey Key)
    {
        public SigningCredentials Credentials => new(Key, SecurityAlgorithms.RsaSha256);
    }

    private sealed record Snapshot(IReadOnlyList<LoadedKey> Keys, EncryptingCredentials Encryption)
    {
        public LoadedKey Active => Keys.Single(k => k.Row.IsActive);
    }

    private Snapshot Current => _snapshot ?? throw new InvalidOperationException("The signing key ring is not loaded yet: call LoadAsync at start-up.");

    /// <summary>What tokens are signed with right now; its key carries the <c>kid</c>. Tests use it to forge tokens with the genuine key.</summary>
    public SigningCredentials ActiveSigningCredentials => Current.Active.Credentials;

    /// <summary>The active key first, then the rotated-out keys whose tokens may still be in use.</summary>
    public IReadOnlyList<SigningCredentials> PublishedSigningCredentials
    {
        get
        {
            var now = clock.GetUtcNow();
            var snapshot = Current;
            return [snapshot.Active.Credentials, .. snapshot.Keys.Where(k => !k.Row.IsActive && k.Row.IsPublishedAt(now)).Select(k => k.Credentials)];
        }
    }

    public IEnumerable<SecurityKey> PublishedKeys => PublishedSigningCredentials.Select(c => c.Key);

    public EncryptingCredentials EncryptionCredentials => Current.Encryption;

    /// <summary>Reads the keys, creating the first signing key and the encryption key on a fresh database.</summary>
    public async Task LoadAsync(CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
            if (!await db.SigningKeys.AnyAsync(k => k.RetiredAt == null, cancellationToken))
            {
                db.SigningKeys.Add(NewSigningKey());
                log.LogInformation("No active signing key yet: created one");
            }

            if (!await db.EncryptionKeys.AnyAsync(cancellationToken))
            {
                db.EncryptionKeys.Add(new EncryptionKey
                {
                    KeyId = NewKeyId(),
                    Secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)),
                    CreatedAt = clock.GetUtcNow(),
                });
            }

            await db.SaveChangesAsync(cancellationToken);
            await ReloadAsync(db, cancellationToken);
        }
        finally
        {
            _changing.Release();
        }
    }

    /// <summary>
    /// Activates a new key. The previous one stays published for one access-token lifetime, so tokens it signed keep
    /// working until they expire; with <paramref name="retirePrevious"/> (a leaked key) it is withdrawn at once.
    /// </summary>
    public async Task<SigningKeyStatus> RotateAsync(bool retirePrevious, CancellationToken cancellationToken)
    {
        await _changing.WaitAsync(cancellationToken);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
            var now = clock.GetUtcNow();
            var stillPublishedFor = retirePrevious ? TimeSpan.Zero : settings.Value.AccessTokenLifetime;
            foreach (var previous in await db.SigningKeys.Where(k => k.RetiredAt == null).ToListAsync(cancellationToken))
            {
                previous.Retire(now, stillPublishedFor);
                log.LogInformation("Signing key {KeyId} rotated out, published until {PublishedUntil}", previous.KeyId, previous.PublishedUntil);
            }

            var next = NewSigningKey();
            db.SigningKeys.Add(next);
            await db.SaveChangesAsync(cancellationToken);
            await ReloadAsync(db, cancellationToken);
            return Describe(next, now);
        }
        finally
        {
            _changing.Release();
        }
    }

    public async Task<IReadOnlyList<SigningKeyStatus>> ListAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<IdentityDb>();
        var now = clock.GetUtcNow();
        var keys = await db.SigningKeys.AsNoTracking().ToListAsync(cancellationToken);
        return [.. keys.OrderByDescending(k => k.ActivatedAt).Select(k => Describe(k, now))];
    }

    private static SigningKeyStatus Describe(SigningKey key, DateTimeOffset now) =>
        new(key.KeyId, key.StatusAt(now), key.CreatedAt, key.ActivatedAt, key.RetiredAt, key.PublishedUntil);

    private async Task ReloadAsync(IdentityDb db, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow();
        // Keys already out of the JWKS are kept in the table for the record but never loaded again.
        var rows = await db.SigningKeys.AsNoTracking()
            .Where(k => k.RetiredAt == null || k.PublishedUntil > now)
            .ToListAsync(cancellationToken);
        var loaded = rows.OrderByDescending(k => k.ActivatedAt).Select(row =>
        {
            var rsa = RSA.Create();
            rsa.ImportFromPem(row.PrivateKey);
            return new LoadedKey(row, new RsaSecurityKey(rsa) { KeyId = row.KeyId });
        }).ToList();

        var encryption = await db.EncryptionKeys.AsNoTracking().OrderBy(k => k.CreatedAt).FirstAsync(cancellationToken);
        var encryptionKey = new SymmetricSecurityKey(Convert.FromBase64String(encryption.Secret)) { KeyId = encryption.KeyId };

        _snapshot = new Snapshot(loaded, new EncryptingCredentials(encryptionKey, SecurityAlgorithms.Aes256KW, SecurityAlgorithms.Aes256CbcHmacSha512));
        serverOptions.TryRemove(Options.DefaultName);
        ScheduleNextDropOut(now);
    }

    // A rotated-out key has to leave OpenIddict's JWKS when its time is up, even if nothing else changes by then.
    private void ScheduleNextDropOut(DateTimeOffset now)
    {
        _nextDropOut?.Dispose();
        _nextDropOut = null;
        var next = Current.Keys.Where(k => k.Row.PublishedUntil > now).Min(k => k.Row.PublishedUntil);
        if (next is { } at)
        {
            _nextDropOut = clock.CreateTimer(_ =>
            {
                serverOptions.TryRemove(Options.DefaultName);
                ScheduleNextDropOut(clock.GetUtcNow());
            }, null, at - now, Timeout.InfiniteTimeSpan);
        }
    }

    private SigningKey NewSigningKey()
    {
        using var rsa = RSA.Create(2048);
        var now = clock.GetUtcNow();
        return new SigningKey { KeyId = NewKeyId(), PrivateKey = rsa.ExportPkcs8PrivateKeyPem(), CreatedAt = now, ActivatedAt = now };
    }

    private static string NewKeyId() => Base64Url.EncodeToString(RandomNumberGenerator.GetBytes(12));

    public void Dispose()
    {
        _nextDropOut?.Dispose();
        _changing.Dispose();
    }
}
