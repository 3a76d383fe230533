using System.Collections.Concurrent;
using System.Text.Json;
using Platform.Contracts.Forms;
using Platform.ServiceDefaults.Validation;

namespace Platform.Cases.InformationRequests;

/// <summary>What checking a citizen's new answers against their case's form version came to.</summary>
public abstract record AnswersCheck
{
    private AnswersCheck()
    {
    }

    public sealed record Valid : AnswersCheck;

    /// <param name="Errors">Every failing field, keyed by JSON pointer into the request.</param>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : AnswersCheck;

    /// <summary>The forms service could not give the schema, so nothing was accepted on a guess.</summary>
    public sealed record FormsUnavailable(string Detail) : AnswersCheck;
}

/// <summary>
/// Validates new answers exactly as the forms service validated the submission: against the JSON Schema of the same
/// published form version, read from the forms service (IFormsApi), with the same pointer-keyed messages. A published
/// version never changes, so its parsed schema is kept (<see cref="PublishedSchemas"/>) for the life of the process.
/// </summary>
public sealed class FormAnswers(IFormsApi forms, FormAnswers.PublishedSchemas schemas)
{
    /// <summary>The loaded schemas of the published form versions asked for so far; one per host.</summary>
    public sealed class PublishedSchemas : ConcurrentDictionary<(string Tenant, string Form, int Version), (ContainedSchema? Schema, Dictionary<string, string[]> Errors)>;

    public async Task<AnswersCheck> CheckAsync(string tenantId, string formKey, int formVersion, JsonElement answers, string pointerPrefix, CancellationToken ct)
    {
        if (answers.ValueKind != JsonValueKind.Object)
        {
            return new AnswersCheck.Invalid(new() { [pointerPrefix] = ["The answers must be a JSON object."] });
        }

        var key = (tenantId, formKey, formVersion);
        if (!schemas.TryGetValue(key, out var loaded))
        {
            var response = await forms.GetVersionAsync(tenantId, formKey, formVersion, ct);
            if (!response.IsSuccessful || response.Content is null)
            {
                // Refit reports a request that could not be sent (refused, timed out, open circuit) in the response, without a status.
                var why = response.StatusCode is { } status ? $"answered {(int)status}" : "could not be reached";
                return new AnswersCheck.FormsUnavailable($"The forms service {why} for version {formVersion} of form '{formKey}'; nothing was changed. Try again shortly.");
            }

            loaded = schemas.GetOrAdd(key, ContainedSchema.Load(response.Content.Schema.GetRawText()));
        }

        var errors = loaded.Schema?.Validate(answers, pointerPrefix)
            ?? JsonSchemaErrors.OfUnusableSchema(loaded.Errors, pointerPrefix, $"Version {formVersion} of form '{formKey}'");
        return errors.Count == 0 ? new AnswersCheck.Valid() : new AnswersCheck.Invalid(errors);
    }
}
