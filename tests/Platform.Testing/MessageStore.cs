using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Messaging;

namespace Platform.Testing;

/// <summary>What a service's own database says about its messages: events it queued, deliveries it handled.</summary>
public static class MessageStore
{
    /// <summary>The outbox rows of <typeparamref name="TEvent"/>, sent or not.</summary>
    public static Task<List<OutboxMessage>> QueuedAsync<TDb, TEvent>(this ServiceHost<TDb> host) where TDb : DbContext
    {
        // MessageType is an assembly-qualified name; the comma keeps CaseOpened from matching CaseOpenedLate.
        var type = typeof(TEvent).FullName + ",";
        return host.InScopeAsync((TDb db) => db.Set<OutboxMessage>().Where(m => m.MessageType.StartsWith(type)).ToListAsync());
    }

    /// <summary>How many of <paramref name="messageIds"/> the service's consumers have recorded as handled.</summary>
    public static Task<int> HandledCountAsync<TDb>(this ServiceHost<TDb> host, params Guid[] messageIds) where TDb : DbContext =>
        host.InScopeAsync((TDb db) => db.Set<ProcessedMessage>().CountAsync(m => messageIds.Contains(m.MessageId)));
}
