using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;

namespace Platform.EndToEnd.Tests;

/// <summary>
/// A fresh virtual host on the local RabbitMQ for one test run, created and deleted through the
/// management API, so queues and messages of earlier runs never reach this one.
/// </summary>
public sealed class RabbitMqVirtualHost : IAsyncDisposable
{
    private static readonly Uri ManagementApi = new(Environment.GetEnvironmentVariable("PLATFORM_TEST_RABBITMQ_MANAGEMENT") ?? "http://127.0.0.1:15672/api/");
    private readonly HttpClient _management;

    private RabbitMqVirtualHost(HttpClient management, string name)
    {
        _management = management;
        Name = name;
    }

    public string Name { get; }

    /// <summary>Every queue declared in the virtual host so far, by name, with its type (classic, quorum, stream).</summary>
    public async Task<Dictionary<string, string>> QueuesAsync()
    {
        var queues = await _management.GetFromJsonAsync<List<QueueInfo>>($"queues/{Uri.EscapeDataString(Name)}?columns=name,type");
        return queues!.ToDictionary(q => q.Name, q => q.Type);
    }

    private sealed record QueueInfo(string Name, string Type);

    public static async Task<RabbitMqVirtualHost> CreateAsync()
    {
        var management = new HttpClient { BaseAddress = ManagementApi, Timeout = TimeSpan.FromSeconds(10) };
        management.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Basic", Convert.ToBase64String(Encoding.ASCII.GetBytes("guest:guest")));
        var name = $"e2e-{Guid.NewGuid():N}";
        try
        {
            (await management.PutAsJsonAsync($"vhosts/{name}", new { })).EnsureSuccessStatusCode();
            (await management.PutAsJsonAsync($"permissions/{name}/guest", new { configure = ".*", write = ".*", read = ".*" })).EnsureSuccessStatusCode();
        }
        catch (HttpRequestException ex)
        {
            management.Dispose();
            throw new InvalidOperationException(
                $"The end-to-end tests need RabbitMQ with its management API at {ManagementApi} (user guest). " +
                "Run the tests with the README's test command, which starts it.", ex);
        }

        return new RabbitMqVirtualHost(management, name);
    }

    public async ValueTask DisposeAsync()
    {
        using (_management)
        {
            await _management.DeleteAsync($"vhosts/{Name}");
        }
    }
}
