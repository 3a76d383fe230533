using MassTransit;
using MassTransit.Mediator;
using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Platform.Cases.Cases;
using Platform.Contracts.Cases;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Cases.Tests;

/// <summary>
/// The cases service on an in-memory bus. The mediator hands a message straight to the consumer and returns
/// when it is handled, which is how a test knows a redelivery has been dealt with.
/// </summary>
public sealed class CasesHost : IAsyncDisposable
{
    private readonly ServiceHost<CasesDb> _host = new(configureServices: services =>
    {
        services.AddMassTransitTestHarness(bus => bus.AddConsumer<OpenCaseOnFormSubmitted>());
        services.AddMediator(mediator => mediator.AddConsumer<OpenCaseOnFormSubmitted>());
    });

    public CasesHost() => Http = _host.CreateClient();

    public HttpClient Http { get; }

    public ITestHarness Bus => _host.Services.GetTestHarness();

    public IMediator Mediator => _host.Services.GetRequiredService<IMediator>();

    public Task<List<OutboxMessage>> QueuedCaseOpenedAsync() => _host.QueuedAsync<CasesDb, CaseOpened>();

    public Task<List<ProcessedMessage>> ProcessedAsync(Guid messageId) =>
        _host.InScopeAsync((CasesDb db) => db.Set<ProcessedMessage>().Where(m => m.MessageId == messageId).ToListAsync());

    public ValueTask DisposeAsync() => _host.DisposeAsync();
}
