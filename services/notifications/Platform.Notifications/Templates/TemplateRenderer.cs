using Fluid;
using Fluid.Values;

namespace Platform.Notifications.Templates;

/// <summary>A notification's wording with the event's values filled in.</summary>
public sealed record RenderedMessage(string Subject, string Body, string Sms);

/// <summary>
/// Renders Liquid templates with Fluid. <see cref="Check"/> is the gate a template passes when it is saved: it must
/// parse, use only its kind's placeholders and Liquid's own filters, and render with the kind's sample data within
/// the limits of an e-mail subject and an SMS. Sending then only fills in values.
/// </summary>
public static class TemplateRenderer
{
    public const int MaxSubjectLength = 200;
    public const int MaxBodyLength = 20_000;

    /// <summary>Three SMS segments of 160 characters.</summary>
    public const int MaxSmsLength = 480;

    // Fluid's parser is immutable once built and safe to share between threads.
    private static readonly FluidParser Parser = new();

    // A notice needs no long loops or lists: the step bound stops a template that works too long, the collection bound a
    // range like (1..100000000) before Fluid builds it.
    private const int MaxSteps = 10_000;
    private const int MaxCollectionSize = 1_000;

    private static readonly TemplateOptions Strict = new TemplateOptionsBuilder()
        .WithStrictVariables(true).WithStrictFilters(true).WithMaxSteps(MaxSteps).WithMaxCollectionSize(MaxCollectionSize).Build();

    // At send time an optional value (a status change without a reason) is nil, which a strict render would refuse.
    private static readonly TemplateOptions Lenient = new TemplateOptionsBuilder()
        .WithMaxSteps(MaxSteps).WithMaxCollectionSize(MaxCollectionSize).Build();

    /// <summary>What is wrong with <paramref name="text"/>, keyed by the JSON pointer of the field; empty when it may be saved.</summary>
    public static Dictionary<string, string[]> Check(TemplateText text, NotificationKind kind)
    {
        var errors = new Dictionary<string, string[]>();
        foreach (var (pointer, source, limit) in Fields(text))
        {
            if (string.IsNullOrWhiteSpace(source))
            {
                errors[pointer] = ["Required."];
                continue;
            }

            if (!Parser.TryParse(source, out var template, out var error))
            {
                errors[pointer] = [$"Not a valid Liquid template: {error}"];
                continue;
            }

            try
            {
                // Fluid stops writing, capturing or building a string past the field's limit, so a template whose
                // output multiplies is refused without ever holding the huge text.
                template.Render(Context(kind.SampleData, Strict, TimeZoneInfo.Utc, limit));
            }
            catch (Exception ex) when (ex is InvalidOperationException or FluidException or FormatException or ArgumentException)
            {
                errors[pointer] = [$"Does not render with the sample data: {ex.Message} Placeholders of {kind.Name}: {string.Join(", ", kind.Placeholders)}."];
            }
        }

        return errors;
    }

    /// <summary>Renders a template that passed <see cref="Check"/>, with dates in <paramref name="zone"/>.</summary>
    public static RenderedMessage Render(TemplateText text, IReadOnlyDictionary<string, object?> data, TimeZoneInfo zone)
    {
        // Real values are longer than the samples a template was checked with, so every field gets the body's room here:
        // bounded, yet the default wording never trips it (a trip falls back to the default wording).
        string Fill(string source) => Parser.Parse(source).Render(Context(data, Lenient, zone, MaxBodyLength)).Trim();

        // A subject is one header line, whatever a placeholder's value held.
        var subject = string.Join(' ', Fill(text.Subject).Split(['\r', '\n'], StringSplitOptions.RemoveEmptyEntries));
        return new RenderedMessage(subject, Fill(text.Body), Fill(text.Sms));
    }

    private static IEnumerable<(string Pointer, string? Source, int Limit)> Fields(TemplateText text) =>
    [
        ("/subject", text.Subject, MaxSubjectLength),
        ("/body", text.Body, MaxBodyLength),
        ("/sms", text.Sms, MaxSmsLength),
    ];

    private static TemplateContext Context(IReadOnlyDictionary<string, object?> data, TemplateOptions options, TimeZoneInfo zone, int maxLength)
    {
        var context = new TemplateContext(options) { TimeZone = zone, MaxOutputSize = maxLength };
        foreach (var (name, value) in data)
        {
            context.SetValue(name, value is null ? NilValue.Instance : FluidValue.Create(value, options));
        }

        return context;
    }
}
