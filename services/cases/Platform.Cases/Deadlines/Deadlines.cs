namespace Platform.Cases.Deadlines;

/// <summary>The <c>Cases</c> configuration section: how due dates are set and how often they are checked.</summary>
public sealed class Deadlines
{
    /// <summary>For a submission whose event carries no processing time (from an older forms service).</summary>
    public int DefaultProcessingDays { get; set; } = 14;

    public TimeSpan OverdueScanInterval { get; set; } = TimeSpan.FromMinutes(1);

    public DateTimeOffset DueAt(DateTimeOffset openedAt, int? expectedProcessingDays) => openedAt.AddDays(expectedProcessingDays ?? DefaultProcessingDays);
}
