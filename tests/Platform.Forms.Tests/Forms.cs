using System.Net;
using System.Net.Http.Json;
using static Platform.Forms.Authoring.DraftEndpoints;
using static Platform.Forms.Definitions.DefinitionEndpoints;

namespace Platform.Forms.Tests;

/// <summary>A designer's forms as the tests write them: a dog licence whose version 2 asks one more question.</summary>
public static class Forms
{
    public static object DogLicence(string key, bool askChipNumber = false) => new
    {
        key,
        titles = new Dictionary<string, string> { ["nb"] = "Hundelisens", ["en"] = "Dog licence" },
        descriptions = new Dictionary<string, string> { ["en"] = "Register your dog." },
        schema = new Dictionary<string, object>
        {
            ["$schema"] = "https://json-schema.org/draft/2020-12/schema",
            ["type"] = "object",
            ["required"] = askChipNumber ? new[] { "dogName", "chipNumber" } : new[] { "dogName" },
            ["properties"] = new Dictionary<string, object>
            {
                ["dogName"] = new { type = "string", minLength = 1 },
                ["chipNumber"] = new { type = "string", pattern = "^[0-9]{15}$" },
            },
        },
        uiHints = new { order = new[] { "dogName", "chipNumber" } },
        expectedProcessingDays = 10,
        isLocationBased = false,
    };

    public static async Task<DraftView> CreateDraftAsync(HttpClient designer, string tenant, object form)
    {
        using var response = await designer.PostAsJsonAsync($"/tenants/{tenant}/forms", form);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.Content.ReadFromJsonAsync<DraftView>())!;
    }

    public static async Task<FormDetails> PublishAsync(HttpClient designer, string tenant, string key)
    {
        using var response = await designer.PostAsync($"/tenants/{tenant}/forms/{key}/publish", null);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return (await response.Content.ReadFromJsonAsync<FormDetails>())!;
    }

    public static async Task EditDraftAsync(HttpClient designer, string tenant, string key, object form)
    {
        using var response = await designer.PutAsJsonAsync($"/tenants/{tenant}/forms/{key}/draft", form);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
    }
}
