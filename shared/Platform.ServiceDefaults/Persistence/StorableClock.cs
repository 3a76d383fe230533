namespace Platform.ServiceDefaults.Persistence;

/// <summary>
/// The system clock, to the microsecond. PostgreSQL keeps timestamps in microseconds, so a time taken at .NET's
/// 100 ns precision would come back from the database different from the one a response already showed the caller
/// (a receipt's submittedAt, read again, would not match). Cut at the source, every stored time reads back equal.
/// </summary>
public sealed class StorableClock : TimeProvider
{
    public static StorableClock Instance { get; } = new();

    public override DateTimeOffset GetUtcNow()
    {
        var now = System.GetUtcNow();
        return now.AddTicks(-(now.UtcTicks % TimeSpan.TicksPerMicrosecond));
    }
}
