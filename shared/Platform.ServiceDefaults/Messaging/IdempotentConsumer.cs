using MassTransit;
using Microsoft.EntityFrameworkCore;

namespace Platform.ServiceDefaults.Messaging;

/// <summary>
/// A consumer whose effect happens at most once per message: the message id is recorded in the
/// service's database in the same SaveChanges as whatever <see cref="Handle"/> changed or published
/// (through the outbox). A redelivery finds the record and does nothing; a concurrent duplicate fails
/// on the primary key, is retried, and then finds it.
/// </summary>
public abstract class IdempotentConsumer<TMessage, TContext>(TContext db, TimeProvider clock) : IConsumer<TMessage>
    where TMessage : class
    where TContext : DbContext
{
    protected TContext Db { get; } = db;

    protected TimeProvider Clock { get; } = clock;

    /// <summary>The id of the message being handled: stable across redeliveries, usable as an event id downstream.</summary>
    protected Guid MessageId { get; private set; }

    public async Task Consume(ConsumeContext<TMessage> context)
    {
        var messageId = context.MessageId ?? throw new InvalidOperationException("A message without a MessageId cannot be consumed idempotently.");
        var consumer = GetType().Name;
        MessageId = messageId;

        if (await Db.Set<ProcessedMessage>().AnyAsync(m => m.MessageId == messageId && m.Consumer == consumer, context.CancellationToken))
        {
            return;
        }

        Db.Set<ProcessedMessage>().Add(new ProcessedMessage(messageId, consumer, Clock.GetUtcNow()));
        await Handle(context.Message, context.CancellationToken);
        await Db.SaveChangesAsync(context.CancellationToken);
    }

    /// <summary>Changes state and queues events on <see cref="Db"/>; the base class commits once.</summary>
    protected abstract Task Handle(TMessage message, CancellationToken cancellationToken);
}
