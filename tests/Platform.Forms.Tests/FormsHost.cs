using MassTransit;
using MassTransit.Testing;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Forms.Tests;

/// <summary>The forms service with an in-memory bus instead of RabbitMQ, and a look into its own database.</summary>
public sealed class FormsHost : IAsyncDisposable
{
    private readonly ServiceHost<FormsDb> _host;

    public FormsHost(IDictionary<string, string?>? settings = null)
    {
        _host = new ServiceHost<FormsDb>(settings, services => services.AddMassTransitTestHarness());
        Http = _host.CreateClient();
    }

    public HttpClient Http { get; }

    public ITestHarness Bus => _host.Services.GetTestHarness();

    /// <summary>The events queued in the outbox for <typeparamref name="TEvent"/>, sent or not.</summary>
    public Task<List<OutboxMessage>> OutboxAsync<TEvent>() => _host.QueuedAsync<FormsDb, TEvent>();

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
