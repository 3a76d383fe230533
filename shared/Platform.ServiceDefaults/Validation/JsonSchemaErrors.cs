using System.Text.Json;
using Json.Pointer;
using Json.Schema;

namespace Platform.ServiceDefaults.Validation;

/// <summary>
/// What a JSON Schema (JsonSchema.Net, through <see cref="ContainedSchema"/>) finds wrong with a document, in the words
/// a citizen reads and keyed by the RFC 6901 pointer of each offending field, ready for a 400 validation problem.
/// Forms checks a submission with it, cases an answer to an information request, channels a partner's data record,
/// so all name a field the same way; and the schemas themselves (a form's, a data schema) are checked the same way
/// before they are stored.
/// </summary>
public static class JsonSchemaErrors
{
    public static readonly IReadOnlyList<string> SupportedDialects =
        ["https://json-schema.org/draft/2020-12/schema", "http://json-schema.org/draft-07/schema#", "http://json-schema.org/draft-07/schema"];

    /// <summary>
    /// Why <paramref name="schemaJson"/> cannot serve as the schema of JSON objects (a form's answers, a data record),
    /// keyed by pointer into it under <paramref name="pointerPrefix"/>; empty when it loads as a <see cref="ContainedSchema"/>.
    /// </summary>
    public static Dictionary<string, string[]> OfObjectSchema(string schemaJson, string pointerPrefix)
    {
        using (var document = JsonDocument.Parse(schemaJson))
        {
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                return new() { [pointerPrefix] = ["A JSON Schema is a JSON object."] };
            }

            if (root.TryGetProperty("$schema", out var dialect) && !SupportedDialects.Contains(dialect.ToString()))
            {
                return new() { [pointerPrefix + "/$schema"] = [$"Must be JSON Schema 2020-12 or draft-07 ({string.Join(" or ", SupportedDialects)})."] };
            }

            if (!root.TryGetProperty("type", out var type) || type.ToString() != "object")
            {
                return new() { [pointerPrefix + "/type"] = ["What it describes is a JSON object, so the schema must say \"type\": \"object\"."] };
            }
        }

        return ContainedSchema.Load(schemaJson).Errors.ToDictionary(e => pointerPrefix + e.Key, e => e.Value);
    }

    /// <summary>
    /// A stored schema that <see cref="ContainedSchema.Load"/> refuses (one saved before a rule it breaks) checks no
    /// answers: the answers at <paramref name="pointerPrefix"/> are refused, naming what is wrong where in <paramref name="whose"/> schema.
    /// </summary>
    public static Dictionary<string, string[]> OfUnusableSchema(Dictionary<string, string[]> schemaErrors, string pointerPrefix, string whose) =>
        new() { [pointerPrefix] = [.. schemaErrors.SelectMany(e => e.Value.Select(message =>
            $"These answers cannot be checked: {whose} has a schema the platform no longer accepts, so the municipality must publish a corrected version. (At '{e.Key}' in the schema: {message})"))] };

    /// <summary>Every error in <paramref name="results"/> (list output), keyed by JSON pointer under <paramref name="pointerPrefix"/>.</summary>
    internal static Dictionary<string, string[]> Of(EvaluationResults results, JsonElement instance, Func<string, JsonElement?> subschemaAt, string pointerPrefix) =>
        (results.Details ?? []).Prepend(results)
            .Where(node => node.Errors is { Count: > 0 })
            .SelectMany(node => node.Errors!.SelectMany(error => Describe(error.Key, error.Value, node.InstanceLocation, node.InstanceLocation.Evaluate(instance),
                subschemaAt(ContainedSchema.Location(node.SchemaLocation, Uri.UnescapeDataString(node.SchemaLocation.Fragment.TrimStart('#')))))))
            .GroupBy(error => pointerPrefix + error.At)
            .ToDictionary(g => g.Key, g => g.Select(e => e.Message).Distinct().ToArray());

    /// <summary>The first place in <paramref name="element"/> holding <paramref name="text"/> as a string or a property's name.</summary>
    internal static JsonPointer? Locate(JsonElement element, JsonPointer at, string text)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.String when element.GetString() == text:
                return at;
            case JsonValueKind.Object:
                foreach (var property in element.EnumerateObject())
                {
                    var here = at.Combine(property.Name);
                    if (property.Name == text)
                    {
                        return here;
                    }

                    if (Locate(property.Value, here, text) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            case JsonValueKind.Array:
                var index = 0;
                foreach (var item in element.EnumerateArray())
                {
                    if (Locate(item, at.Combine(index++), text) is { } found)
                    {
                        return found;
                    }
                }

                return null;
            default:
                return null;
        }
    }

    /// <summary>
    /// The citizen's words for one failed keyword, read with the keyword's value in <paramref name="subschema"/>. A
    /// missing field is named itself, not the object it is missing from; a keyword not listed keeps the library's message.
    /// </summary>
    private static IEnumerable<(JsonPointer At, string Message)> Describe(string keyword, string message, JsonPointer at, JsonElement? value, JsonElement? subschema)
    {
        JsonElement limit = default;
        if (subschema is not { ValueKind: JsonValueKind.Object } schema || (keyword != "" && !schema.TryGetProperty(keyword, out limit)))
        {
            return [(at, keyword == "" ? "This field is not expected here." : message)];
        }

        var present = value is { ValueKind: JsonValueKind.Object } found ? found.EnumerateObject().Select(p => p.Name).ToHashSet() : [];
        return keyword switch
        {
            // additionalProperties or unevaluatedProperties false: the field itself fails the false schema.
            "" => [(at, "This field is not expected here.")],
            "required" => limit.EnumerateArray().Select(name => name.GetString()!).Where(name => !present.Contains(name))
                .Select(name => (at.Combine(name), "This field is required.")),
            "dependentRequired" => limit.EnumerateObject().Where(given => present.Contains(given.Name))
                .SelectMany(given => given.Value.EnumerateArray().Select(name => name.GetString()!).Where(name => !present.Contains(name))
                    .Select(name => (at.Combine(name), $"This field is required when {given.Name} is given."))),
            "type" => [(at, limit.ValueKind == JsonValueKind.Array
                ? $"Must be one of these kinds: {string.Join(", ", limit.EnumerateArray().Select(t => Kind(t.GetString())))}."
                : $"Must be {Kind(limit.GetString())}.")],
            "minimum" => [(at, $"Must be at least {limit}.")],
            "maximum" => [(at, $"Must be at most {limit}.")],
            "exclusiveMinimum" => [(at, $"Must be more than {limit}.")],
            "exclusiveMaximum" => [(at, $"Must be less than {limit}.")],
            "minLength" => [(at, $"Must be at least {limit} characters long.")],
            "maxLength" => [(at, $"Must be at most {limit} characters long.")],
            // The pattern itself is for the form's designer; a citizen reads a regular expression as noise.
            "pattern" => [(at, "Does not have the expected format.")],
            "enum" => [(at, $"Must be one of: {string.Join(", ", limit.EnumerateArray())}.")],
            "const" => [(at, $"Must be {limit}.")],
            "minItems" => [(at, $"Must list at least {limit} item(s).")],
            "maxItems" => [(at, $"Must list at most {limit} item(s).")],
            "format" => [(at, limit.GetString() switch
            {
                "date" => "Must be a date (YYYY-MM-DD).",
                "date-time" => "Must be a date and time (YYYY-MM-DDThh:mm:ssZ).",
                "email" => "Must be an e-mail address.",
                var format => $"Must be a valid {format}.",
            })],
            _ => [(at, message)],
        };
    }

    private static string Kind(string? type) => type switch
    {
        "string" => "text",
        "number" => "a number",
        "integer" => "a whole number",
        "boolean" => "true or false",
        "object" => "an object",
        "array" => "a list",
        "null" => "empty (null)",
        _ => type ?? "?",
    };
}
