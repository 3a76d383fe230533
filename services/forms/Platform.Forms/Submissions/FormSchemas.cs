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

    /// <summary>Why NJsonSchema cannot use <paramref name="schemaJson"/> as a form's schema, keyed by JSON pointer into it; empty when it can.</summary>
    public static async Task<Dictionary<string, string[]>> ProblemsWithAsync(string schemaJson, string pointerPrefix)
    {
        using (var document = System.Text.Json.JsonDocument.Parse(schemaJson))
        {
            var root = document.RootElement;
            if (root.TryGetProperty("$schema", out var dialect) && !SupportedDialects.Contains(dialect.ToString()))
            {
                return new() { [pointerPrefix + "/$schema"] = [$"Must be JSON Schema 2020-12 or draft-07 ({string.Join(" or ", SupportedDialects)})."] };
            }

            if (!root.TryGetProperty("type", out var type) || type.ToString() != "object")
            {
                return new() { [pointerPrefix + "/type"] = ["A form's answers are a JSON object, so its schema must say \"type\": \"object\"."] };
            }
        }

        try
        {
            await JsonSchema.FromJsonAsync(schemaJson);
            return [];
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // NJsonSchema throws whatever its parser or reference resolver met (bad $ref, wrong keyword types); the message says which.
            return new() { [pointerPrefix] = [$"NJsonSchema cannot load this schema: {ex.Message}"] };
        }
    }

    private static readonly string[] SupportedDialects =
        ["https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"];
}
