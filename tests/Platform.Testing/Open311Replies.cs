using System.Net;
using System.Text.Json;
using System.Xml.Linq;

namespace Platform.Testing;

/// <summary>Reads the GeoReport v2 documents the Open311 endpoints answer with, failing with the body when the answer is not a 200 of the right format.</summary>
public static class Open311Replies
{
    public static async Task<JsonElement> JsonAsync(HttpResponseMessage response)
    {
        using (response)
        {
            var body = await OkBodyAsync(response, "application/json");
            return JsonDocument.Parse(body).RootElement.Clone();
        }
    }

    public static async Task<XDocument> XmlAsync(HttpResponseMessage response)
    {
        using (response)
        {
            return XDocument.Parse(await OkBodyAsync(response, "text/xml"));
        }
    }

    private static async Task<string> OkBodyAsync(HttpResponseMessage response, string mediaType)
    {
        var body = await response.Content.ReadAsStringAsync();
        var actualType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.OK || actualType != mediaType)
        {
            throw new InvalidOperationException($"Expected 200 {mediaType}, got {(int)response.StatusCode} {actualType}: {body}");
        }

        return body;
    }
}
