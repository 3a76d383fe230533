using System.Net.Http.Json;
using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Platform.Channels.Webhooks;
using Platform.Partners.Sdk;
using WireMock.RequestBuilders;
using Response = WireMock.ResponseBuilders.Response;

namespace Platform.Channels.Tests;

/// <summary>Outside local use, no call to a partner reaches loopback: neither when subscribing nor when connecting.</summary>
public sealed class OutboundAddressTests : IAsyncLifetime
{
    private readonly ChannelsHost _channels = new(new Dictionary<string, string?> { ["Webhooks:AllowLoopback"] = "false" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Theory]
    [InlineData("http://127.0.0.1:5101/signing-keys/rotation")]
    [InlineData("http://localhost:8080/api/identity/")]
    [InlineData("http://[::1]/hooks")]
    public async Task A_loopback_url_is_refused_when_loopback_is_not_allowed(string url)
    {
        await _channels.AgreeAsync("fjordby");

        var errors = await Problems.ValidationErrorsAsync(await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", url, ["case.opened"])));

        Assert.Contains("loopback", Assert.Single(errors["/url"]));
        Assert.Empty(await _channels.StoredSubscriptionsAsync());
    }

    [Fact]
    public async Task A_connection_to_a_forbidden_address_is_refused_when_it_is_made_so_a_name_that_changes_its_answer_gains_nothing()
    {
        _channels.Partner.Given(Request.Create().UsingAnyMethod()).RespondWith(Response.Create().WithStatusCode(200));
        var guard = new OutboundAddressGuard(Options.Create(new WebhookOptions { AllowLoopback = false }), NullLogger<OutboundAddressGuard>.Instance);
        using var http = new HttpClient(new SocketsHttpHandler { ConnectCallback = guard.ConnectAsync, UseProxy = false });

        // "localhost" passes no check at subscription time here; what counts is the address the connection would reach.
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetAsync(_channels.PartnerUrl.Replace("127.0.0.1", "localhost")));

        Assert.Contains("loopback", refused.Message);
        Assert.DoesNotContain("127.0.0.1", refused.ToString());
        Assert.Empty(_channels.Partner.LogEntries);
    }

    public static TheoryData<string> InternalHosts => new() { "localhost", Dns.GetHostName(), "no-such-host.invalid" };

    [Theory]
    [MemberData(nameof(InternalHosts))]
    public async Task A_refused_url_says_why_in_general_terms_and_never_names_the_host_or_the_address_it_resolves_to(string host)
    {
        await _channels.AgreeAsync("fjordby");
        var addresses = host.EndsWith(".invalid") ? [] : (await Dns.GetHostAddressesAsync(host)).Select(a => a.ToString()).ToArray();

        var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/webhooks",
            new SubscriptionRequest("fjordby", $"http://{host}:8080/hooks", ["case.opened"]));

        var body = await response.Content.ReadAsStringAsync();
        var refusal = Assert.Single((await Problems.ValidationErrorsAsync(response))["/url"]);
        Assert.Contains("loopback, private, link-local", refusal);
        Assert.DoesNotContain(host, body, StringComparison.OrdinalIgnoreCase);
        Assert.All(addresses.Append("127.0.0.1").Append("::1"), address => Assert.DoesNotContain(address, body));
        Assert.Empty(await _channels.StoredSubscriptionsAsync());
    }
}
