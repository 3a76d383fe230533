using System.Collections.Concurrent;
using System.Text.Json;
using Platform.ServiceDefaults.Security;
using Platform.ServiceDefaults.Validation;

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

/// <summary>Loaded schemas by version: a published version never changes, so each is loaded once per process.</summary>
public sealed class DataSchemas
{
    private readonly ConcurrentDictionary<Guid, Lazy<(ContainedSchema? Schema, Dictionary<string, string[]> Errors)>> _loaded = new();

    /// <summary>Every violation of <paramref name="version"/> in <paramref name="record"/>, keyed by JSON pointer under <paramref name="pointerPrefix"/>.</summary>
    public Dictionary<string, string[]> Validate(DataSchemaVersion version, JsonElement record, string pointerPrefix)
    {
        var (schema, errors) = _loaded.GetOrAdd(version.Id, _ => new(() => ContainedSchema.Load(version.Schema))).Value;
        return schema?.Validate(record, pointerPrefix)
            ?? JsonSchemaErrors.OfUnusableSchema(errors, pointerPrefix, $"Version {version.Version} of data schema '{version.Key}'");
    }
}
