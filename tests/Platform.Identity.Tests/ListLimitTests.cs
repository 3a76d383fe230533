using Platform.Contracts.Identity;
using Platform.Identity.Organisations;

namespace Platform.Identity.Tests;

/// <summary>No list of the identity service answers more than a page of at most 200 items; the Link header leads to the rest.</summary>
public sealed class ListLimitTests : IAsyncLifetime
{
    private readonly IdentityHost _identity = new();
    private HttpClient _http = null!;

    public async Task InitializeAsync() => _http = await _identity.ClientAsync("channels-service", "channels-demo-secret", "organisations.read");

    public async Task DisposeAsync() => await _identity.DisposeAsync();

    [Fact]
    public async Task A_registry_of_250_partners_answers_at_most_200_at_a_time_however_many_are_asked_for_and_links_the_rest()
    {
        await _identity.Host.InScopeAsync(async (IdentityDb db) =>
        {
            db.Organisations.AddRange(Enumerable.Range(0, 250).Select(i => new RegisteredOrganisation
            {
                Id = $"partner-{i:D3}", Name = $"Partner {i}", Kind = OrganisationKind.Partner, Country = "NO", RegisteredAt = DateTimeOffset.UtcNow,
            }));
            return await db.SaveChangesAsync();
        });

        var pages = await Pages.ReadAllAsync(_http, "/organisations?kind=Partner&limit=100000");

        // The demo partner bank is the 251st.
        Assert.Equal([200, 51], pages.Select(p => p.Count));
        Assert.Equal(251, pages.SelectMany(p => p).Select(o => o.GetProperty("id").GetString()).Distinct().Count());
    }
}
