using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults;

/// <summary>The platform's own activity source and meter, exported with the framework's.</summary>
public static class PlatformTelemetry
{
    public const string ActivitySourceName = "Platform";
    public const string MeterName = "Platform";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);
}
