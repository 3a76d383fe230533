using System.Collections.Concurrent;
using System.Text.Json;

namespace Platform.PartnerAdapter;

/// <summary>A CloudEvent the platform delivered and the adapter verified.</summary>
public sealed record ReceivedEvent(string WebhookId, string Type, string? Subject, JsonElement Data, DateTimeOffset ReceivedAt);

/// <summary>
/// The events this adapter took in, newest first, each once however often the platform retried or replayed it (the
/// webhook-id is the key). This is where a partner hands events to its own systems; the sample keeps the latest
/// in memory so its operator can look at them.
/// </summary>
public sealed class ReceivedEvents
{
    private const int Kept = 500;
    private readonly ConcurrentDictionary<string, ReceivedEvent> _byId = new();

    /// <returns>False when this webhook-id came before: a retry or replay of something already handled.</returns>
    public bool Add(ReceivedEvent received)
    {
        if (!_byId.TryAdd(received.WebhookId, received))
        {
            return false;
        }

        foreach (var old in _byId.Values.OrderByDescending(e => e.ReceivedAt).Skip(Kept))
        {
            _byId.TryRemove(old.WebhookId, out _);
        }

        return true;
    }

    public IReadOnlyList<ReceivedEvent> Latest() => _byId.Values.OrderByDescending(e => e.ReceivedAt).ToList();
}
