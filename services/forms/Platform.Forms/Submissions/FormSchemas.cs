using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Validation;

namespace Platform.Forms.Submissions;

/// <summary>
/// Validates answers against a form version's JSON Schema, loaded as a <see cref="ContainedSchema"/>. A published
/// version never changes, so what loading it came to is kept for the life of the process.
/// </summary>
public sealed class FormSchemas
{
    private readonly ConcurrentDictionary<Guid, Lazy<(ContainedSchema? Schema, Dictionary<string, string[]> Errors)>> _schemas = new();

    /// <summary>Every violation, keyed by the JSON pointer of the offending field under <paramref name="pointerPrefix"/>.</summary>
    public Dictionary<string, string[]> Validate(FormDefinition form, JsonElement answers, string pointerPrefix)
    {
        var (schema, errors) = _schemas.GetOrAdd(form.Id, _ => new(() => ContainedSchema.Load(form.Schema))).Value;
        return schema?.Validate(answers, pointerPrefix) ?? JsonSchemaErrors.OfUnusableSchema(errors, pointerPrefix, $"Version {form.Version} of form '{form.Key}'");
    }
}
