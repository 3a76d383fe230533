using Platform.Channels.Agreements;

namespace Platform.Channels.Tests;

/// <summary>No list of the channels service answers more than a page of at most 200 items; the Link header leads to the rest.</summary>
public sealed class ListLimitTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_municipality_with_250_agreements_reads_at_most_200_at_a_time_however_many_are_asked_for_and_the_link_leads_to_the_rest()
    {
        var start = DateTimeOffset.UtcNow;
        await _channels.Host.InScopeAsync(async (ChannelsDb db) =>
        {
            db.Agreements.AddRange(Enumerable.Range(0, 250).Select(i => new ChannelAgreement
            {
                PartnerId = $"partner-{i:D3}", TenantId = "fjordby", FormKeys = ["street-light"], EventTypes = ["case.opened"], DataSchemas = [],
                AppliedAt = start.AddSeconds(i),
            }));
            return await db.SaveChangesAsync();
        });

        var pages = await Pages.ReadAllAsync(_channels.FjordbyAdmin, "/tenants/fjordby/agreements?limit=100000");

        Assert.Equal([200, 50], pages.Select(p => p.Count));
        Assert.Equal(250, pages.SelectMany(p => p).Select(a => a.GetProperty("id").GetGuid()).Distinct().Count());
    }
}
