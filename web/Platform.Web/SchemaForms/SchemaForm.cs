using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;

namespace Platform.Web.SchemaForms;

public enum FieldKind
{
    Text,
    LongText,
    Email,
    Number,
    Integer,
    Date,
    Choice,
    Choices,
    YesNo,
    Group,
    List,
}

/// <summary>
/// One question of a form, from its JSON Schema: its HTML control and the constraints the browser checks before sending
/// (required, min/max, minlength/maxlength, pattern), the answer given so far and the forms service's objections to it.
/// <see cref="Pointer"/> is the answer's JSON pointer inside the submission's data, and the field's name in the HTML form.
/// </summary>
public sealed record SchemaField(string Pointer, string Label, string? Help, FieldKind Kind, bool Required)
{
    public string Id => "f" + Regex.Replace(Pointer, "[^A-Za-z0-9]+", "-");
    public string ErrorId => Id + "-error";
    public string HelpId => Id + "-help";
    public string? Value { get; init; }
    public IReadOnlyList<string> Values { get; init; } = [];
    public IReadOnlyList<string> Errors { get; init; } = [];
    public IReadOnlyList<string> Options { get; init; } = [];
    public IReadOnlyList<SchemaField> Children { get; init; } = [];
    public double? Minimum { get; init; }
    public double? Maximum { get; init; }
    public int? MinLength { get; init; }
    public int? MaxLength { get; init; }
    public string? Pattern { get; init; }

    public string? Step => Kind switch { FieldKind.Integer => "1", FieldKind.Number => "any", _ => null };

    public string InputType => Kind switch
    {
        FieldKind.Email => "email",
        FieldKind.Number or FieldKind.Integer => "number",
        FieldKind.Date => "date",
        _ => "text",
    };

    /// <summary>What aria-describedby names: the help text and the error message, when there are any.</summary>
    public string DescribedBy => string.Join(' ', new[] { Help is null ? null : HelpId, ErrorId }.OfType<string>());

    /// <summary>
    /// JSON Schema patterns match anywhere in the text, the HTML pattern attribute the whole value; an unanchored pattern is
    /// widened so the browser refuses exactly what the service would.
    /// </summary>
    public static string? HtmlPattern(string? pattern) => pattern switch
    {
        null => null,
        _ when pattern.StartsWith('^') && pattern.EndsWith('$') => pattern[1..^1],
        _ => $"[\\s\\S]*(?:{pattern})[\\s\\S]*",
    };
}

/// <summary>A form's questions rendered from its JSON Schema, filled with what was posted, with errors by JSON pointer.</summary>
public sealed partial class SchemaForm
{
    private const int LongTextFrom = 200;

    private SchemaForm(IReadOnlyList<SchemaField> fields, IReadOnlyList<(string Pointer, string Message)> unplaced)
    {
        Fields = fields;
        Unplaced = unplaced;
    }

    public IReadOnlyList<SchemaField> Fields { get; }

    /// <summary>Objections that belong to no question on the page (e.g. the whole submission); shown in the summary only.</summary>
    public IReadOnlyList<(string Pointer, string Message)> Unplaced { get; }

    /// <summary>Every error with the field it belongs to, in page order, for the error summary.</summary>
    public IEnumerable<(SchemaField Field, string Message)> Placed => Flatten(Fields).SelectMany(f => f.Errors.Select(e => (f, e)));

    public bool HasErrors => Unplaced.Count > 0 || Placed.Any();

    /// <param name="posted">The HTML form's values by field name (the JSON pointer); empty for a fresh form.</param>
    /// <param name="errors">The forms service's errors by JSON pointer into the data (its /data prefix removed).</param>
    /// <param name="extraRows">For lists of groups: how many rows to show beyond those posted, by the list's pointer.</param>
    public static SchemaForm Render(JsonElement schema, JsonElement? uiHints, IReadOnlyDictionary<string, string[]> posted,
        IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, int>? extraRows = null)
    {
        var order = uiHints is { ValueKind: JsonValueKind.Object } hints && hints.TryGetProperty("order", out var o) && o.ValueKind == JsonValueKind.Array
            ? o.EnumerateArray().Select(e => e.GetString() ?? "").ToList()
            : [];
        var builder = new Builder(posted, errors, extraRows ?? new Dictionary<string, int>());
        var fields = builder.Properties(schema, "", required: true, order);
        var placed = Flatten(fields).Select(f => f.Pointer).ToHashSet();
        var unplaced = errors.Where(e => !placed.Contains(e.Key)).SelectMany(e => e.Value.Select(m => (e.Key, m))).ToList();
        return new SchemaForm(fields, unplaced);
    }

    /// <summary>The answers as the schema types them: numbers as numbers, ticked boxes as true; empty optional answers left out.</summary>
    public static JsonObject Answers(JsonElement schema, IReadOnlyDictionary<string, string[]> posted) =>
        (JsonObject?)Answer(schema, "", posted, required: true) ?? [];

    /// <summary>Stored answers as the HTML form would post them (by JSON pointer), to show them again for correcting.</summary>
    public static Dictionary<string, string[]> Posted(JsonElement data)
    {
        var posted = new Dictionary<string, string[]>();
        Walk(data, "", posted);
        return posted;

        static void Walk(JsonElement value, string pointer, Dictionary<string, string[]> posted)
        {
            switch (value.ValueKind)
            {
                case JsonValueKind.Object:
                    foreach (var property in value.EnumerateObject())
                    {
                        Walk(property.Value, $"{pointer}/{Escape(property.Name)}", posted);
                    }

                    break;
                case JsonValueKind.Array when value.EnumerateArray().All(item => item.ValueKind is not (JsonValueKind.Object or JsonValueKind.Array)):
                    posted[pointer] = [.. value.EnumerateArray().Select(item => item.ToString())];
                    break;
                case JsonValueKind.Array:
                    var index = 0;
                    foreach (var item in value.EnumerateArray())
                    {
                        Walk(item, $"{pointer}/{index++}", posted);
                    }

                    break;
                case JsonValueKind.True or JsonValueKind.False:
                    posted[pointer] = [value.GetBoolean() ? "true" : "false"];
                    break;
                default:
                    posted[pointer] = [value.ToString()];
                    break;
            }
        }
    }

    /// <summary>The forms service's 400 problem: its errors, keyed by JSON pointer under /data, re-keyed to the data itself.</summary>
    public static Dictionary<string, string[]> ErrorsOf(string? problemJson)
    {
        var found = new Dictionary<string, string[]>();
        if (string.IsNullOrEmpty(problemJson))
        {
            return found;
        }

        try
        {
            using var problem = JsonDocument.Parse(problemJson);
            if (problem.RootElement.TryGetProperty("errors", out var errors) && errors.ValueKind == JsonValueKind.Object)
            {
                foreach (var error in errors.EnumerateObject())
                {
                    var pointer = error.Name.StartsWith("/data", StringComparison.Ordinal) ? error.Name["/data".Length..] : error.Name;
                    found[pointer] = error.Value.ValueKind == JsonValueKind.Array ? [.. error.Value.EnumerateArray().Select(m => m.ToString())] : [error.Value.ToString()];
                }
            }
            else if (problem.RootElement.TryGetProperty("detail", out var detail))
            {
                found[""] = [detail.ToString()];
            }
        }
        catch (JsonException)
        {
            found[""] = [problemJson];
        }

        return found;
    }

    private static IEnumerable<SchemaField> Flatten(IEnumerable<SchemaField> fields) => fields.SelectMany(f => (IEnumerable<SchemaField>)[f, .. Flatten(f.Children)]);

    private static JsonNode? Answer(JsonElement schema, string pointer, IReadOnlyDictionary<string, string[]> posted, bool required)
    {
        switch (KindOf(schema))
        {
            case FieldKind.Group:
                var group = new JsonObject();
                var requiredNames = RequiredNames(schema);
                foreach (var property in PropertiesOf(schema))
                {
                    if (Answer(property.Value, $"{pointer}/{Escape(property.Name)}", posted, requiredNames.Contains(property.Name)) is { } answer)
                    {
                        group[property.Name] = answer;
                    }
                }

                // An optional group nobody filled in is left out; a required one goes as it is, so the service names what is missing in it.
                return group.Count > 0 || required ? group : null;
            case FieldKind.List:
                var items = schema.GetProperty("items");
                var rows = new JsonArray();
                foreach (var row in RowIndexes(pointer, posted))
                {
                    if (Answer(items, $"{pointer}/{row}", posted, required: false) is { } answer)
                    {
                        rows.Add(answer);
                    }
                }

                return rows.Count > 0 || required ? rows : null;
            case FieldKind.Choices:
                var ticked = posted.TryGetValue(pointer, out var chosen) ? chosen.Where(c => c.Length > 0).ToList() : [];
                var options = schema.GetProperty("items").GetProperty("enum").EnumerateArray().ToList();
                var picked = new JsonArray();
                foreach (var option in options.Where(option => ticked.Contains(option.ToString())))
                {
                    picked.Add(JsonNode.Parse(option.GetRawText()));
                }

                return picked.Count > 0 || required ? picked : null;
            case FieldKind.YesNo:
                return JsonValue.Create(posted.TryGetValue(pointer, out var box) && box.Contains("true"));
            default:
                var text = posted.TryGetValue(pointer, out var given) ? given.FirstOrDefault()?.Trim() : null;
                if (string.IsNullOrEmpty(text))
                {
                    return null;
                }

                return KindOf(schema) switch
                {
                    // Unparseable numbers go as text, so the service explains what is wrong with them in its own words.
                    FieldKind.Integer => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var whole) ? JsonValue.Create(whole) : JsonValue.Create(text),
                    FieldKind.Number => double.TryParse(text.Replace(',', '.'), NumberStyles.Float, CultureInfo.InvariantCulture, out var number) ? JsonValue.Create(number) : JsonValue.Create(text),
                    FieldKind.Choice => schema.GetProperty("enum").EnumerateArray().FirstOrDefault(option => option.ToString() == text) is { ValueKind: not JsonValueKind.Undefined } option
                        ? JsonNode.Parse(option.GetRawText())
                        : JsonValue.Create(text),
                    _ => JsonValue.Create(text),
                };
        }
    }

    private static IEnumerable<int> RowIndexes(string listPointer, IReadOnlyDictionary<string, string[]> posted)
    {
        var prefix = listPointer + "/";
        return posted.Keys.Where(k => k.StartsWith(prefix, StringComparison.Ordinal))
            .Select(k => k[prefix.Length..].Split('/')[0])
            .Select(i => int.TryParse(i, out var n) ? n : -1)
            .Where(n => n >= 0)
            .Distinct()
            .Order();
    }

    private static FieldKind KindOf(JsonElement schema)
    {
        var type = schema.TryGetProperty("type", out var t) ? t.ValueKind == JsonValueKind.Array ? t.EnumerateArray().First(x => x.GetString() != "null").GetString() : t.GetString() : null;
        if (schema.TryGetProperty("enum", out _))
        {
            return FieldKind.Choice;
        }

        var format = schema.TryGetProperty("format", out var f) ? f.GetString() : null;
        return type switch
        {
            "object" => FieldKind.Group,
            "array" when schema.TryGetProperty("items", out var items) && items.TryGetProperty("enum", out _) => FieldKind.Choices,
            "array" => FieldKind.List,
            "integer" => FieldKind.Integer,
            "number" => FieldKind.Number,
            "boolean" => FieldKind.YesNo,
            _ when format == "date" => FieldKind.Date,
            _ when format == "email" => FieldKind.Email,
            _ when schema.TryGetProperty("maxLength", out var max) && max.TryGetInt32(out var length) && length > LongTextFrom => FieldKind.LongText,
            _ => FieldKind.Text,
        };
    }

    private static IEnumerable<JsonProperty> PropertiesOf(JsonElement schema) =>
        schema.TryGetProperty("properties", out var properties) && properties.ValueKind == JsonValueKind.Object ? properties.EnumerateObject() : [];

    private static HashSet<string> RequiredNames(JsonElement schema) =>
        schema.TryGetProperty("required", out var required) && required.ValueKind == JsonValueKind.Array
            ? required.EnumerateArray().Select(r => r.GetString() ?? "").ToHashSet()
            : [];

    private static string Escape(string name) => name.Replace("~", "~0").Replace("/", "~1");

    private sealed partial class Builder(IReadOnlyDictionary<string, string[]> answers, IReadOnlyDictionary<string, string[]> errors, IReadOnlyDictionary<string, int> extraRows)
    {
        /// <param name="required">Whether the object itself must be answered; its required properties are only required in the browser if so.</param>
        public List<SchemaField> Properties(JsonElement schema, string pointer, bool required, IReadOnlyList<string> order)
        {
            var requiredNames = RequiredNames(schema);
            return PropertiesOf(schema)
                .OrderBy(p => order.Contains(p.Name) ? order.ToList().IndexOf(p.Name) : int.MaxValue)
                .Select(p => Field(p.Value, $"{pointer}/{Escape(p.Name)}", p.Name, required && requiredNames.Contains(p.Name)))
                .ToList();
        }

        private SchemaField Field(JsonElement schema, string pointer, string name, bool required)
        {
            var kind = KindOf(schema);
            var label = schema.TryGetProperty("title", out var title) ? title.GetString() ?? Humanise(name) : Humanise(name);
            var help = schema.TryGetProperty("description", out var description) ? description.GetString() : null;
            var field = new SchemaField(pointer, label, help, kind, required)
            {
                Value = answers.TryGetValue(pointer, out var value) ? value.FirstOrDefault() : null,
                Values = answers.TryGetValue(pointer, out var values) ? values : [],
                Errors = errors.TryGetValue(pointer, out var messages) ? messages : [],
                Minimum = Number(schema, "minimum"),
                Maximum = Number(schema, "maximum"),
                MinLength = (int?)Number(schema, "minLength"),
                MaxLength = (int?)Number(schema, "maxLength"),
                Pattern = schema.TryGetProperty("pattern", out var pattern) ? SchemaField.HtmlPattern(pattern.GetString()) : null,
            };

            return kind switch
            {
                FieldKind.Choice => field with { Options = [.. schema.GetProperty("enum").EnumerateArray().Select(e => e.ToString())] },
                FieldKind.Choices => field with { Options = [.. schema.GetProperty("items").GetProperty("enum").EnumerateArray().Select(e => e.ToString())] },
                FieldKind.Group => field with { Children = Properties(schema, pointer, required, []) },
                FieldKind.List => field with { Children = Rows(schema, pointer, required, label) },
                _ => field,
            };
        }

        private List<SchemaField> Rows(JsonElement schema, string pointer, bool required, string label)
        {
            var items = schema.GetProperty("items");
            var posted = RowIndexes(pointer, answers).ToList();
            var minimum = (int?)Number(schema, "minItems") ?? 0;
            var count = Math.Max(Math.Max(posted.Count == 0 ? 0 : posted.Max() + 1, required ? Math.Max(minimum, 1) : minimum), 1)
                + (extraRows.TryGetValue(pointer, out var extra) ? extra : 0);
            return Enumerable.Range(0, count)
                .Select(row => Field(items, $"{pointer}/{row}", $"{label} {row + 1}", required && row < Math.Max(minimum, 1)))
                .ToList();
        }

        private static double? Number(JsonElement schema, string keyword) =>
            schema.TryGetProperty(keyword, out var value) && value.ValueKind == JsonValueKind.Number ? value.GetDouble() : null;

        /// <summary>"poleNumber" reads as "Pole number", "start_date" as "Start date".</summary>
        private static string Humanise(string name)
        {
            var words = CamelHump().Replace(name.Replace('_', ' ').Replace('-', ' '), " $1").Trim().ToLowerInvariant();
            return words.Length == 0 ? name : char.ToUpperInvariant(words[0]) + words[1..];
        }

        [GeneratedRegex("(?<=[a-z0-9])([A-Z])")]
        private static partial Regex CamelHump();
    }
}
