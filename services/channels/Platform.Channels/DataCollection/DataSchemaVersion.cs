using System.Collections.Concurrent;
using NJsonSchema;
using Platform.ServiceDefaults.Security;

namespace Platform.Channels.DataCollection;

/// <summary>
/// One published, immutable version of a municipality's data schema (a JSON Schema): what partners' records of that
/// kind (meter readings, income reports) must look like. Publishing again makes the next version.
/// </summary>
public sealed class DataSchemaVersion : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string Key { get; init; }
    public required int Version { get; init; }
    public required string Title { get; init; }
    public required string Schema { get; init; }
    public DateTimeOffset PublishedAt { get; init; }
    public required string PublishedBy { get; init; }
}

/// <summary>A record a partner pushed, exactly as validated against <see cref="SchemaVersion"/>.</summary>
public sealed class DataRecordEntry : ITenantOwned
{
    public Guid Id { get; init; } = Guid.NewGuid();
    public required string TenantId { get; init; }
    public required string PartnerId { get; init; }
    public required string SchemaKey { get; init; }
    public required int SchemaVersion { get; init; }
    public string? CitizenId { get; init; }
    public Guid? CaseId { get; init; }
    public required string Data { get; init; }
    public DateTimeOffset ReceivedAt { get; init; }
}

/// <summary>Parsed schemas by version: a published version never changes, so each is parsed once per process.</summary>
public sealed class DataSchemas
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<JsonSchema>>> _parsed = new();

    public Task<JsonSchema> ParsedAsync(DataSchemaVersion version) =>
        _parsed.GetOrAdd(version.Id, _ => new Lazy<Task<JsonSchema>>(() => JsonSchema.FromJsonAsync(version.Schema))).Value;
}
