using System.Net;
using System.Net.Http.Json;
using Platform.Contracts.Channels;

namespace Platform.Channels.Tests;

/// <summary>Forms cannot be reached at all: after its retries channels says so, and announces nothing.</summary>
public sealed class FormsUnavailableTests : IAsyncLifetime
{
    // Nothing listens on a port just found free.
    private readonly ChannelsHost _channels = new(new Dictionary<string, string?> { ["Services:forms"] = $"http://127.0.0.1:{Loopback.FreePort()}" });

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _channels.DisposeAsync();

    [Fact]
    public async Task A_submission_forms_never_answers_is_a_503_and_nothing_is_published()
    {
        await _channels.AgreeAsync("fjordby");
        await _channels.ConsentAsync("fjordby", "citizen-kari");

        using var response = await _channels.Nordbank.PostAsJsonAsync("/partners/nordbank/tenants/fjordby/forms/street-light/submissions",
            new { citizenId = "citizen-kari", data = new { description = "Dark since Monday" } });

        await Problems.ExpectAsync(response, HttpStatusCode.ServiceUnavailable, "could not be reached");
        Assert.Empty(await _channels.Host.QueuedAsync<ChannelsDb, ChannelSubmissionAccepted>());
    }
}
