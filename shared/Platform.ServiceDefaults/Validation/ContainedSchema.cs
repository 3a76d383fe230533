using System.Text.Json;
using System.Text.RegularExpressions;
using Json.Pointer;
using Json.Schema;
using Json.Schema.Keywords;

namespace Platform.ServiceDefaults.Validation;

/// <summary>
/// A JSON Schema written by a party inside the network (a form designer, a municipality's data schema), loaded so
/// that using it can neither reach out nor freeze the service. Every reference must resolve inside the document, and
/// nothing is ever fetched: the schema gets a registry of its own whose fetcher finds nothing (so no other tenant's
/// schema is reachable by <c>$id</c> either). Every regular expression it carries (<c>pattern</c>,
/// <c>patternProperties</c>) runs on .NET's non-backtracking engine, linear in its input, with a match timeout on top;
/// a pattern that needs backtracking (backreferences, lookarounds, atomic groups) is refused when the schema is loaded.
/// </summary>
public sealed class ContainedSchema
{
    /// <summary>Linear matching makes this generous: it bounds a match of a very long answer, not a pathological pattern.</summary>
    public static readonly TimeSpan MatchTimeout = TimeSpan.FromMilliseconds(250);

    // Formats are assertions (a "date" must be a date), not only the annotations 2020-12 makes them by default.
    private static readonly EvaluationOptions Evaluation = new() { OutputFormat = OutputFormat.List, RequireFormatValidation = true };

    private static readonly string[] References = ["$ref", "$dynamicRef", "$recursiveRef"];

    private readonly JsonSchema _schema;
    private readonly Dictionary<string, JsonElement> _subschemas;

    private ContainedSchema(JsonSchema schema, Dictionary<string, JsonElement> subschemas)
    {
        _schema = schema;
        _subschemas = subschemas;
    }

    /// <summary>The schema, or why it cannot be used, keyed by JSON pointer into it (the root is "").</summary>
    public static (ContainedSchema? Schema, Dictionary<string, string[]> Errors) Load(string schemaJson)
    {
        JsonSchema schema;
        try
        {
            schema = JsonSchema.FromText(schemaJson, new BuildOptions { SchemaRegistry = new SchemaRegistry { Fetch = (_, _) => null } });
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The library throws whatever its parser met (wrong keyword types, a pattern that is no regular expression,
            // a $ref that is no URI); the message says which.
            return (null, new() { [""] = [$"This schema cannot be loaded: {ex.Message}"] });
        }

        var keywords = KeywordsOf(schema.Root);
        var errors = new Dictionary<string, string[]>();
        foreach (var (at, keyword) in keywords.Where(k => References.Contains(k.Keyword.Handler.Name)))
        {
            var target = keyword.RawValue.GetString() ?? "";
            if (!target.StartsWith('#'))
            {
                errors[at.ToString()] = [$"A reference may only point inside this schema (such as #/$defs/address); '{target}' points outside it, and nothing is ever fetched."];
            }
            else if (keyword.Handler is RefKeyword && keyword.Subschemas.Length == 0)
            {
                errors[at.ToString()] = [$"'{target}' points at nothing in this schema."];
            }
        }

        // Only once every reference stays inside the document: a reference outside could lead to a shared meta-schema.
        if (errors.Count == 0)
        {
            foreach (var (at, keyword) in keywords)
            {
                try
                {
                    keyword.Value = keyword.Handler switch
                    {
                        PatternKeyword => Linear(keyword.RawValue.GetString()!),
                        PatternPropertiesKeyword => keyword.RawValue.EnumerateObject().ToDictionary(p => p.Name, p => Linear(p.Name)),
                        _ => keyword.Value,
                    };
                }
                catch (NotSupportedException ex)
                {
                    errors[at.ToString()] = [$"Patterns run on a linear-time engine so that no answer can freeze the service, and it cannot run this one: {ex.Message}"];
                }
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var subschemas = new Dictionary<string, JsonElement>();
        foreach (var node in keywords.SelectMany(k => k.Keyword.Subschemas).Prepend(schema.Root))
        {
            subschemas.TryAdd(Location(node.BaseUri, PlaceOf(node).ToString()), node.Source);
        }

        return (new ContainedSchema(schema, subschemas), []);
    }

    /// <summary>Every violation in <paramref name="instance"/>, keyed by JSON pointer under <paramref name="pointerPrefix"/>; empty when valid.</summary>
    public Dictionary<string, string[]> Validate(JsonElement instance, string pointerPrefix)
    {
        EvaluationResults results;
        try
        {
            results = _schema.Evaluate(instance, Evaluation);
        }
        catch (RegexMatchTimeoutException timedOut)
        {
            var at = JsonSchemaErrors.Locate(instance, JsonPointer.Empty, timedOut.Input) ?? JsonPointer.Empty;
            return new() { [pointerPrefix + at] = ["Too long to check against its expected format; shorten it."] };
        }

        return JsonSchemaErrors.Of(results, instance, location => _subschemas.TryGetValue(location, out var subschema) ? subschema : null, pointerPrefix);
    }

    internal static string Location(Uri resource, string pointer) => $"{resource.GetLeftPart(UriPartial.Query)}#{pointer}";

    private static Regex Linear(string pattern) => new(pattern, RegexOptions.NonBacktracking | RegexOptions.CultureInvariant, MatchTimeout);

    /// <summary>
    /// Every keyword of the schema with its pointer from the document's root. A subschema reached only through a
    /// reference (one under a keyword the dialect does not know, such as draft-07's definitions in a 2020-12 schema)
    /// is named by its place in its resource.
    /// </summary>
    private static List<(JsonPointer At, KeywordData Keyword)> KeywordsOf(JsonSchemaNode root)
    {
        var found = new List<(JsonPointer, KeywordData)>();
        var seen = new HashSet<JsonSchemaNode>();
        var referenced = new List<JsonSchemaNode>();
        var pending = new Stack<(JsonSchemaNode Node, JsonPointer At)>([(root, JsonPointer.Empty)]);
        while (pending.Count > 0 || referenced.Count > 0)
        {
            if (pending.Count == 0)
            {
                pending.Push((referenced[^1], PlaceOf(referenced[^1])));
                referenced.RemoveAt(referenced.Count - 1);
            }

            var (node, at) = pending.Pop();
            if (!seen.Add(node))
            {
                continue;
            }

            foreach (var keyword in node.Keywords)
            {
                var here = at.Combine(keyword.Handler.Name);
                found.Add((here, keyword));
                foreach (var subschema in keyword.Subschemas)
                {
                    if (References.Contains(keyword.Handler.Name))
                    {
                        referenced.Add(subschema);
                    }
                    else
                    {
                        pending.Push((subschema, here.Combine(subschema.RelativePath)));
                    }
                }
            }
        }

        return found;
    }

#pragma warning disable CS0618 // Marked "for advanced usage": where a subschema sits in its resource, which is what a schema location names.
    private static JsonPointer PlaceOf(JsonSchemaNode node) => node.PathFromResourceRoot;
#pragma warning restore CS0618
}
