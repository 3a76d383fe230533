using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Platform.Forms.Definitions;

namespace Platform.Forms.Open311;

/// <summary>One value of a singlevaluelist or multivaluelist: what the client sends (key), what a person reads (name), what the form stores.</summary>
public sealed record ServiceAttributeValue(string Key, string Name, JsonNode? Answer);

/// <summary>A question of the form beyond location and description, as GeoReport v2 describes it in a service definition.</summary>
public sealed record ServiceAttribute(
    string Code, string Datatype, bool Required, int Order, string Description, string DatatypeDescription, IReadOnlyList<ServiceAttributeValue> Values)
{
    /// <summary>The form's answer for what the client sent as attribute[code]; null, with the reason, when it cannot be one.</summary>
    public JsonNode? Answer(IReadOnlyList<string> sent, out string? error)
    {
        error = null;
        switch (Datatype)
        {
            case Datatypes.Number:
                if (sent.Count == 1 && decimal.TryParse(sent[0], NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
                {
                    return JsonValue.Create(number);
                }

                error = "Must be a number.";
                return null;
            case Datatypes.SingleValueList when sent.Count == 1 && Values.FirstOrDefault(v => v.Key == sent[0]) is { } chosen:
                return chosen.Answer?.DeepClone();
            case Datatypes.SingleValueList:
                error = $"Must be one of the keys: {string.Join(", ", Values.Select(v => v.Key))}.";
                return null;
            case Datatypes.MultiValueList when sent.All(key => Values.Any(v => v.Key == key)):
                return new JsonArray([.. sent.Select(key => Values.First(v => v.Key == key).Answer?.DeepClone())]);
            case Datatypes.MultiValueList:
                error = $"Each value must be one of the keys: {string.Join(", ", Values.Select(v => v.Key))}.";
                return null;
            default:
                if (sent.Count == 1)
                {
                    return JsonValue.Create(sent[0]);
                }

                error = "Give one value.";
                return null;
        }
    }
}

/// <summary>The datatypes of GeoReport v2 attributes.</summary>
public static class Datatypes
{
    public const string String = "string";
    public const string Number = "number";
    public const string Datetime = "datetime";
    public const string Text = "text";
    public const string SingleValueList = "singlevaluelist";
    public const string MultiValueList = "multivaluelist";
}

/// <summary>
/// How one form version's JSON Schema meets GeoReport v2: the property that takes lat/long (an object with latitude and
/// longitude, as the location-based demo forms have), where address_string and description go, and the remaining
/// top-level properties as the service's attributes. A property GeoReport cannot express (a nested object, a list of
/// objects) is no attribute; if the form requires it, the form's own validation says so when a request is posted.
/// </summary>
public sealed class ServiceShape
{
    /// <summary>Above this many characters a string is free text that may span lines (text), not a single line (string).</summary>
    private const int SingleLineMaxLength = 255;

    private ServiceShape(string? location, string? address, string? description, IReadOnlyList<ServiceAttribute> attributes)
    {
        Location = location;
        Address = address;
        Description = description;
        Attributes = attributes;
    }

    /// <summary>The property holding latitude and longitude (and perhaps the address); null when the form has none.</summary>
    public string? Location { get; }

    /// <summary>The JSON pointer (under the answers) where address_string goes; null when the form asks no address.</summary>
    public string? Address { get; }

    /// <summary>The property that takes the request's description; null when the form asks none.</summary>
    public string? Description { get; }

    public IReadOnlyList<ServiceAttribute> Attributes { get; }

    public static ServiceShape Of(FormDefinition form) => Of(form.Schema);

    /// <param name="schema">A form version's JSON Schema.</param>
    public static ServiceShape Of(string schema)
    {
        using var document = JsonDocument.Parse(schema);
        var root = document.RootElement;
        var required = NamesIn(root, "required");
        if (!root.TryGetProperty("properties", out var properties) || properties.ValueKind != JsonValueKind.Object)
        {
            return new ServiceShape(null, null, null, []);
        }

        string? location = null;
        string? address = null;
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Value.TryGetProperty("properties", out var inner) && inner.ValueKind == JsonValueKind.Object &&
                inner.TryGetProperty("latitude", out _) && inner.TryGetProperty("longitude", out _))
            {
                location = property.Name;
                address = inner.TryGetProperty("address", out _) ? $"/{property.Name}/address" : null;
                break;
            }
        }

        if (address is null && properties.TryGetProperty("address", out var topLevelAddress) && TypeOf(topLevelAddress) == "string")
        {
            address = "/address";
        }

        var description = properties.TryGetProperty("description", out var asked) && TypeOf(asked) == "string" ? "description" : null;

        var attributes = new List<ServiceAttribute>();
        foreach (var property in properties.EnumerateObject())
        {
            if (property.Name == location || property.Name == description || $"/{property.Name}" == address)
            {
                continue;
            }

            if (Describe(property.Name, property.Value, required.Contains(property.Name), attributes.Count + 1) is { } attribute)
            {
                attributes.Add(attribute);
            }
        }

        return new ServiceShape(location, address, description, attributes);
    }

    private static ServiceAttribute? Describe(string code, JsonElement schema, bool required, int order)
    {
        var question = Text(schema, "title") ?? Text(schema, "description") ?? code;
        var hint = Text(schema, "title") is null ? "" : Text(schema, "description") ?? "";

        if (Choices(schema) is { } single)
        {
            return new ServiceAttribute(code, Datatypes.SingleValueList, required, order, question, hint, single);
        }

        switch (TypeOf(schema))
        {
            case "array" when schema.TryGetProperty("items", out var items) && Choices(items) is { } multiple:
                return new ServiceAttribute(code, Datatypes.MultiValueList, required, order, question, hint, multiple);
            case "boolean":
                return new ServiceAttribute(code, Datatypes.SingleValueList, required, order, question, hint,
                    [new("true", "Yes", JsonValue.Create(true)), new("false", "No", JsonValue.Create(false))]);
            case "number":
                return new ServiceAttribute(code, Datatypes.Number, required, order, question, Join(hint, Range(schema)), []);
            case "integer":
                return new ServiceAttribute(code, Datatypes.Number, required, order, question, Join(hint, Join("A whole number.", Range(schema))), []);
            case "string" when Text(schema, "format") is "date" or "date-time":
                var format = Text(schema, "format") == "date" ? "A date, YYYY-MM-DD." : "A date and time, ISO 8601 with its offset.";
                return new ServiceAttribute(code, Datatypes.Datetime, required, order, question, Join(hint, format), []);
            case "string":
                var multiline = schema.TryGetProperty("maxLength", out var max) && max.TryGetInt32(out var length) && length > SingleLineMaxLength;
                var pattern = Text(schema, "pattern") is { } p ? $"Must match {p}." : "";
                return new ServiceAttribute(code, multiline ? Datatypes.Text : Datatypes.String, required, order, question, Join(hint, pattern), []);
            default:
                return null;
        }
    }

    /// <summary>An enum, or a oneOf/anyOf of consts (the JSON Schema way to give each choice a title), as list values.</summary>
    private static List<ServiceAttributeValue>? Choices(JsonElement schema)
    {
        if (schema.TryGetProperty("enum", out var values) && values.ValueKind == JsonValueKind.Array)
        {
            return [.. values.EnumerateArray().Select(v => new ServiceAttributeValue(KeyOf(v), KeyOf(v), JsonNode.Parse(v.GetRawText())))];
        }

        foreach (var keyword in new[] { "oneOf", "anyOf" })
        {
            if (schema.TryGetProperty(keyword, out var branches) && branches.ValueKind == JsonValueKind.Array &&
                branches.EnumerateArray().All(b => b.ValueKind == JsonValueKind.Object && b.TryGetProperty("const", out _)))
            {
                return [.. branches.EnumerateArray().Select(b =>
                {
                    var value = b.GetProperty("const");
                    return new ServiceAttributeValue(KeyOf(value), Text(b, "title") ?? KeyOf(value), JsonNode.Parse(value.GetRawText()));
                })];
            }
        }

        return null;
    }

    private static string KeyOf(JsonElement value) => value.ValueKind == JsonValueKind.String ? value.GetString()! : value.GetRawText();

    /// <summary>The type a property takes; of a union such as ["string", "null"], the one that is not null.</summary>
    private static string? TypeOf(JsonElement schema) =>
        !schema.TryGetProperty("type", out var type) ? null
        : type.ValueKind == JsonValueKind.String ? type.GetString()
        : type.ValueKind == JsonValueKind.Array ? type.EnumerateArray().Select(t => t.GetString()).FirstOrDefault(t => t != "null")
        : null;

    private static string Range(JsonElement schema) =>
        (schema.TryGetProperty("minimum", out var min), schema.TryGetProperty("maximum", out var max)) switch
        {
            (true, true) => $"From {min.GetRawText()} to {max.GetRawText()}.",
            (true, false) => $"At least {min.GetRawText()}.",
            (false, true) => $"At most {max.GetRawText()}.",
            _ => "",
        };

    private static string Join(string first, string second) => string.Join(" ", new[] { first, second }.Where(s => s.Length > 0));

    private static string? Text(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static HashSet<string> NamesIn(JsonElement schema, string keyword) =>
        schema.TryGetProperty(keyword, out var names) && names.ValueKind == JsonValueKind.Array
            ? [.. names.EnumerateArray().Where(n => n.ValueKind == JsonValueKind.String).Select(n => n.GetString()!)]
            : [];
}
