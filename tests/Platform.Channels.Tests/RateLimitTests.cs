using System.Net;

namespace Platform.Channels.Tests;

public sealed class RateLimitTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new(new Dictionary<string, string?>
    {
        ["RateLimits:Partner:PermitLimit"] = "3",
        ["RateLimits:Partner:Window"] = "00:01:00",
    });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_partner_past_its_limit_gets_429_with_retry_after_while_another_partner_is_served()
    {
        for (var i = 0; i < 3; i++)
        {
            Assert.Equal(HttpStatusCode.OK, (await _channels.Nordbank.GetAsync("/partners/nordbank/agreements")).StatusCode);
        }

        using var refused = await _channels.Nordbank.GetAsync("/partners/nordbank/webhooks");

        var problem = await Problems.ExpectAsync(refused, HttpStatusCode.TooManyRequests, "3 requests per 60 s");
        Assert.Equal(429, problem.Status);
        var retryAfter = refused.Headers.RetryAfter?.Delta;
        Assert.NotNull(retryAfter);
        Assert.InRange(retryAfter.Value, TimeSpan.FromSeconds(1), TimeSpan.FromSeconds(60));
        Assert.Equal(HttpStatusCode.OK, (await _channels.PartnerClient("otherbank").GetAsync("/partners/otherbank/agreements")).StatusCode);
    }
}
