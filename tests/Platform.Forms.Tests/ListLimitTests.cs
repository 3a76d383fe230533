using Platform.Forms.Definitions;

namespace Platform.Forms.Tests;

/// <summary>No list of the forms service answers more than a page of at most 200 items; the Link header leads to the rest.</summary>
public sealed class ListLimitTests : IAsyncDisposable
{
    private readonly FormsHost _forms = new();

    public async ValueTask DisposeAsync() => await _forms.DisposeAsync();

    [Fact]
    public async Task A_form_with_250_versions_lists_at_most_200_at_a_time_however_many_are_asked_for_and_the_link_leads_to_the_rest()
    {
        await _forms.InDbAsync(async db =>
        {
            db.Definitions.AddRange(Enumerable.Range(1, 250).Select(version => new FormDefinition
            {
                TenantId = "fjordby", Key = "much-revised", Version = version, Title = $"Version {version}", Description = "d",
                Titles = $$"""{"en":"Version {{version}}"}""", Descriptions = """{"en":"d"}""", Schema = """{"type":"object"}""",
                PublishedAt = DateTimeOffset.UtcNow,
            }));
            return await db.SaveChangesAsync();
        });

        var pages = await Pages.ReadAllAsync(_forms.As(_forms.Tokens.Citizen("kari")), "/tenants/fjordby/forms/much-revised/versions?limit=100000");

        Assert.Equal([200, 50], pages.Select(p => p.Count));
        Assert.Equal(Enumerable.Range(1, 250), pages.SelectMany(p => p).Select(v => v.GetProperty("version").GetInt32()));
    }
}
