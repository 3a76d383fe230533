using System.Text.Json;

namespace Platform.Forms.Definitions;

/// <summary>A form's texts in several languages, kept as one JSON object per text ({"nb": "...", "en": "..."}).</summary>
public static class Texts
{
    public static string Of(string language, string text) => Serialize(new Dictionary<string, string> { [language] = text });

    public static string Serialize(IReadOnlyDictionary<string, string> texts) => JsonSerializer.Serialize(texts);

    public static Dictionary<string, string> Parse(string json) => JsonSerializer.Deserialize<Dictionary<string, string>>(json) ?? [];

    /// <summary>The text in the main language, which is the first the designer gave.</summary>
    public static string MainText(IReadOnlyDictionary<string, string> texts) => texts.Values.FirstOrDefault() ?? "";
}
