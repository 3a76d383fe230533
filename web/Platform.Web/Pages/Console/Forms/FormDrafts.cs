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

    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };
}
