using System.Net.Http.Json;
using System.Text.Json;

namespace Platform.Testing;

/// <summary>Reads a paged list as a client does: page after page, following each answer's Link header (rel="next").</summary>
public static class Pages
{
    /// <summary>Every page of the list at <paramref name="path"/>, in order, as JSON items.</summary>
    public static async Task<List<List<JsonElement>>> ReadAllAsync(HttpClient client, string path)
    {
        var pages = new List<List<JsonElement>>();
        var resource = path.Split('?')[0];
        string? next = path;
        while (next is not null)
        {
            using var response = await client.GetAsync(next);
            if (!response.IsSuccessStatusCode)
            {
                throw new InvalidOperationException($"GET {next}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
            }

            pages.Add((await response.Content.ReadFromJsonAsync<List<JsonElement>>())!);
            next = response.Headers.TryGetValues("Link", out var links) && links.Single() is var link && link.EndsWith("; rel=\"next\"", StringComparison.Ordinal)
                ? resource + link[1..link.IndexOf('>')]
                : null;
            if (pages.Count > 100)
            {
                throw new InvalidOperationException($"GET {path}: more than 100 pages; the Link header never ends.");
            }
        }

        return pages;
    }
}
