using System.Text.Encodings.Web;
using System.Text.Json;

namespace Platform.Web.Pages.Console.Forms;

/// <summary>What a new form starts with: one question, so the preview shows something from the first save.</summary>
public static class FormDrafts
{
    public static readonly JsonElement StarterSchema = JsonDocument.Parse("""
        {
          "$schema": "https://json-schema.org/draft/2020-12/schema",
          "type": "object",
          "required": ["description"],
          "properties": {
            "description": { "type": "string", "title": "Describe your request", "minLength": 5, "maxLength": 2000 }
          }
        }
        """).RootElement.Clone();

    public static string Pretty(JsonElement json) => JsonSerializer.Serialize(json, Indented);

    // Relaxed escaping keeps a title's apostrophe an apostrophe for the designer to read; the text goes into a textarea, HTML-encoded by Razor.
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
