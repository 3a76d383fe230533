using System.Diagnostics;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Platform.ServiceDefaults.Persistence;
using Platform.ServiceDefaults.Workers;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// An integration event waiting in the publishing service's own database. It is written in the same
/// SaveChanges as the state change it announces, so either both happen or neither does.
/// </summary>
public sealed class OutboxMessage : IClaimable
{
    public Guid Id { get; private set; }
    public string MessageType { get; private set; } = "";
    public string Body { get; private set; } = "";
    public string? TraceParent { get; private set; }
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset? SentAt { get; private set; }
    public int Attempts { get; private set; }
    public string? LastError { get; private set; }

    /// <summary>The dispatcher round publishing it, in whichever replica of the service: see <see cref="Claims"/>.</summary>
    public Guid? ClaimedBy { get; private set; }

    public DateTimeOffset? ClaimedUntil { get; private set; }

    private OutboxMessage()
    {
    }

    internal static OutboxMessage For<TEvent>(TEvent message, DateTimeOffset now) where TEvent : class => new()
    {
        Id = Guid.NewGuid(),
        MessageType = TypeName(typeof(TEvent)),
        Body = JsonSerializer.Serialize(message, JsonSerializerOptions.Web),
        TraceParent = Activity.Current?.Id,
        CreatedAt = now,
    };

    internal Type ResolveType() =>
        Type.GetType(MessageType, throwOnError: false) ?? throw new InvalidOperationException($"Unknown event type '{MessageType}'.");

    internal object Deserialize() =>
        JsonSerializer.Deserialize(Body, ResolveType(), JsonSerializerOptions.Web) ?? throw new InvalidOperationException("Empty event body.");

    internal void MarkSent(DateTimeOffset now) => SentAt = now;

    /// <summary>Records why the publish failed and lets go of the row, so the next round publishes it again.</summary>
    internal void MarkFailed(string error)
    {
        Attempts++;
        LastError = error.Length > 2000 ? error[..2000] : error;
        ClaimedBy = null;
        ClaimedUntil = null;
    }

    private static string TypeName(Type type) => $"{type.FullName}, {type.Assembly.GetName().Name}";
}

/// <summary>
/// The consumer side of exactly-once: the id of each message a consumer has handled, recorded in the
/// same transaction as the consumer's state change, so a redelivered message changes nothing.
/// </summary>
public sealed class ProcessedMessage
{
    public Guid MessageId { get; private set; }
    public string Consumer { get; private set; } = "";
    public DateTimeOffset ProcessedAt { get; private set; }

    private ProcessedMessage()
    {
    }

    internal ProcessedMessage(Guid messageId, string consumer, DateTimeOffset processedAt)
    {
        MessageId = messageId;
        Consumer = consumer;
        ProcessedAt = processedAt;
    }
}

public static class OutboxModel
{
    /// <summary>Maps the outbox and processed-message tables into a service's DbContext.</summary>
    internal static ModelBuilder AddOutboxAndInbox(this ModelBuilder model)
    {
        model.Entity<OutboxMessage>(outbox =>
        {
            outbox.ToTable("outbox_messages");
            outbox.HasKey(m => m.Id);
            outbox.Property(m => m.MessageType).HasMaxLength(400);
            outbox.HasIndex(m => new { m.SentAt, m.CreatedAt });
        });
        model.Entity<ProcessedMessage>(inbox =>
        {
            inbox.ToTable("processed_messages");
            inbox.HasKey(m => new { m.MessageId, m.Consumer });
            inbox.Property(m => m.Consumer).HasMaxLength(200);
        });
        return model;
    }

    /// <summary>Queues an integration event to be published once the surrounding SaveChanges commits.</summary>
    public static void Publish<TEvent>(this DbContext db, TEvent message, TimeProvider? clock = null) where TEvent : class =>
        db.Set<OutboxMessage>().Add(OutboxMessage.For(message, (clock ?? StorableClock.Instance).GetUtcNow()));
}
