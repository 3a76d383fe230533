using System.Collections.Concurrent;
using NJsonSchema;
using Platform.Forms.Definitions;
using Platform.ServiceDefaults.Validation;

namespace Platform.Forms.Submissions;

/// <summary>
/// Validates answers against a form version's JSON Schema with NJsonSchema. A published version never
/// changes, so its parsed schema is kept for the life of the process.
/// </summary>
public sealed class FormSchemas
{
    private readonly ConcurrentDictionary<Guid, Lazy<Task<JsonSchema>>> _schemas = new();

    /// <summary>Every violation, keyed by the JSON pointer of the offending field under <paramref name="pointerPrefix"/>.</summary>
    public async Task<Dictionary<string, string[]>> ValidateAsync(FormDefinition form, string answersJson, string pointerPrefix)
    {
        var schema = await _schemas.GetOrAdd(form.Id, _ => new Lazy<Task<JsonSchema>>(() => JsonSchema.FromJsonAsync(form.Schema))).Value;

        return JsonSchemaErrors.Of(schema, answersJson, pointerPrefix);
    }
}
