using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Testing;

public static class OutboxQueries
{
    /// <summary>The outbox rows of <typeparamref name="TEvent"/>, sent or not, in the database of a host whose entry point is its DbContext.</summary>
    public static Task<List<OutboxMessage>> QueuedAsync<TDb, TEvent>(this ServiceHost<TDb> host) where TDb : DbContext
    {
        // MessageType is an assembly-qualified name; the comma keeps CaseOpened from matching CaseOpenedLate.
        var type = typeof(TEvent).FullName + ",";
        return host.InScopeAsync((TDb db) => db.Set<OutboxMessage>().Where(m => m.MessageType.StartsWith(type)).ToListAsync());
    }
}
