using MassTransit.Testing;
using Microsoft.EntityFrameworkCore;
using Platform.Cases;
using Platform.Contracts.Forms;
using System.Text.Json;

namespace Platform.Operations.Tests;

/// <summary>
/// A municipality running its own cases instance on the shared broker: every instance gets every FormSubmitted (each
/// has its own queues), so the shared instance is told to leave that municipality's events alone
/// (Messaging:ExceptTenants) and the municipality's instance to take only its own (Messaging:OnlyTenants). Each
/// submission then opens its case in exactly one database.
/// </summary>
public sealed class MunicipalInstanceTests : IAsyncDisposable
{
    private readonly TestIdentityProvider _tokens = new();
    private readonly List<InMemoryBusHost<CasesDb>> _instances = [];

    [Fact]
    public async Task The_shared_instance_leaves_a_municipality_with_its_own_instance_to_it()
    {
        var shared = Instance(("Messaging:ExceptTenants:0", "fjordby"));

        var (fjordby, skogsberg) = await SubmitAsync(shared, "fjordby", "skogsberg");

        Assert.Equal(["skogsberg"], await OpenedForAsync(shared, fjordby, skogsberg));
    }

    [Fact]
    public async Task A_municipalitys_own_instance_takes_only_its_own_events()
    {
        var fjordbys = Instance(("Messaging:OnlyTenants:0", "fjordby"));

        var (fjordby, skogsberg) = await SubmitAsync(fjordbys, "fjordby", "skogsberg");

        Assert.Equal(["fjordby"], await OpenedForAsync(fjordbys, fjordby, skogsberg));
    }

    [Fact]
    public async Task Without_a_scope_an_instance_takes_every_municipalitys_events()
    {
        var only = Instance();

        var (fjordby, skogsberg) = await SubmitAsync(only, "fjordby", "skogsberg");

        Assert.Equal(["fjordby", "skogsberg"], await OpenedForAsync(only, fjordby, skogsberg));
    }

    private InMemoryBusHost<CasesDb> Instance(params (string Key, string Value)[] scope)
    {
        var settings = new Dictionary<string, string?>(_tokens.Settings);
        foreach (var (key, value) in scope)
        {
            settings[key] = value;
        }

        var instance = new InMemoryBusHost<CasesDb>(settings);
        _instances.Add(instance);
        return instance;
    }

    private static async Task<(FormSubmitted Fjordby, FormSubmitted Skogsberg)> SubmitAsync(InMemoryBusHost<CasesDb> instance, string first, string second)
    {
        var submissions = (Submitted(first), Submitted(second));
        await instance.Bus.Bus.Publish(submissions.Item1);
        await instance.Bus.Bus.Publish(submissions.Item2);
        return submissions;
    }

    // Waits until the instance's consumer endpoint has taken both events, then reads whose cases it opened.
    private static async Task<List<string>> OpenedForAsync(InMemoryBusHost<CasesDb> instance, params FormSubmitted[] submitted)
    {
        var ids = submitted.Select(s => s.SubmissionId).ToList();
        await Eventually.Until(
            () => Task.FromResult(instance.Bus.Consumed.Select<FormSubmitted>(c => ids.Contains(c.Context.Message.SubmissionId)).Count()),
            consumed => consumed == ids.Count,
            "both events to be consumed");
        return await instance.Host.InScopeAsync<CasesDb, List<string>>(db =>
            db.Cases.IgnoreQueryFilters().Where(c => ids.Contains(c.SubmissionId)).Select(c => c.TenantId).OrderBy(t => t).ToListAsync());
    }

    private static FormSubmitted Submitted(string tenant) => new(Guid.NewGuid(), tenant, "street-light", 1, "Report a broken street light",
        $"citizen-{Guid.NewGuid():N}", JsonSerializer.SerializeToElement(new { description = "The lamp is out." }), DateTimeOffset.UtcNow);

    public async ValueTask DisposeAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _tokens.Dispose();
    }
}
