using System.Text;
using NJsonSchema;
using NJsonSchema.Validation;

namespace Platform.ServiceDefaults.Validation;

/// <summary>
/// What a JSON Schema (NJsonSchema) finds wrong with a document, in the words a citizen reads and keyed by the
/// RFC 6901 pointer of each offending field, ready for a 400 validation problem. Forms checks a submission with it,
/// cases an answer to an information request, so both name a field the same way.
/// </summary>
public static class JsonSchemaErrors
{
    /// <summary>Every violation of <paramref name="schema"/> in <paramref name="json"/>, keyed by JSON pointer under <paramref name="pointerPrefix"/>; empty when valid.</summary>
    public static Dictionary<string, string[]> Of(JsonSchema schema, string json, string pointerPrefix) =>
        Flatten(schema.Validate(json))
            .GroupBy(error => pointerPrefix + ToJsonPointer(error))
            .ToDictionary(g => g.Key, g => g.Select(Describe).Distinct().ToArray());

    // anyOf/oneOf failures nest the reasons of each branch; a citizen needs the innermost ones.
    private static IEnumerable<ValidationError> Flatten(IEnumerable<ValidationError> errors) =>
        errors.SelectMany(error => error is ChildSchemaValidationError child && child.Errors.Count > 0
            ? Flatten(child.Errors.SelectMany(branch => branch.Value))
            : [error]);

    /// <summary>NJsonSchema reports "#/location.latitude" or "#/items[0].kind"; callers expect RFC 6901 pointers.</summary>
    private static string ToJsonPointer(ValidationError error)
    {
        var path = (error.Path ?? "").TrimStart('#');
        var pointer = new StringBuilder();
        foreach (var segment in path.Split(['/', '.', '['], StringSplitOptions.RemoveEmptyEntries))
        {
            pointer.Append('/').Append(segment.TrimEnd(']').Replace("~", "~0").Replace("/", "~1"));
        }

        return pointer.ToString();
    }

    private static string Describe(ValidationError error)
    {
        var schema = error.Schema;
        return error.Kind switch
        {
            ValidationErrorKind.PropertyRequired => "This field is required.",
            ValidationErrorKind.NoAdditionalPropertiesAllowed => "This field is not part of the form.",
            ValidationErrorKind.StringExpected => "Must be text.",
            ValidationErrorKind.NumberExpected => "Must be a number.",
            ValidationErrorKind.IntegerExpected => "Must be a whole number.",
            ValidationErrorKind.BooleanExpected => "Must be true or false.",
            ValidationErrorKind.ObjectExpected => "Must be an object.",
            ValidationErrorKind.ArrayExpected => "Must be a list.",
            ValidationErrorKind.NumberTooSmall => $"Must be at least {schema?.Minimum}.",
            ValidationErrorKind.NumberTooBig => $"Must be at most {schema?.Maximum}.",
            ValidationErrorKind.StringTooShort => $"Must be at least {schema?.MinLength} characters long.",
            ValidationErrorKind.StringTooLong => $"Must be at most {schema?.MaxLength} characters long.",
            ValidationErrorKind.PatternMismatch => $"Does not have the expected format ({schema?.Pattern}).",
            ValidationErrorKind.NotInEnumeration => $"Must be one of: {string.Join(", ", schema?.Enumeration ?? [])}.",
            ValidationErrorKind.DateExpected or ValidationErrorKind.DateTimeExpected => "Must be a date (YYYY-MM-DD).",
            ValidationErrorKind.TooFewItems => $"Must list at least {schema?.MinItems} item(s).",
            ValidationErrorKind.TooManyItems => $"Must list at most {schema?.MaxItems} item(s).",
            _ => $"Is not valid ({error.Kind}).",
        };
    }
}
