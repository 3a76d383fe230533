using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace Platform.ServiceDefaults;

/// <summary>The platform's own activity source and meter, exported with the framework's.</summary>
public static class PlatformTelemetry
{
    public const string ActivitySourceName = "Platform";
    public const string MeterName = "Platform";

    /// <summary>The tag naming the service that did the work, on activities and measurements of background work.</summary>
    public const string ServiceTag = "platform.service";

    public static readonly ActivitySource ActivitySource = new(ActivitySourceName);
    public static readonly Meter Meter = new(MeterName);

    /// <summary>
    /// Starts work done later, off a background loop, as part of the trace that asked for it: pass the
    /// <see cref="Activity.Id"/> (W3C traceparent) stored with the work when it was queued. Without one it starts a new trace.
    /// </summary>
    public static Activity? ContinueTrace(string name, string? traceParent, ActivityKind kind = ActivityKind.Internal)
    {
        ActivityContext.TryParse(traceParent, null, out var parent);
        return ActivitySource.StartActivity(name, kind, parent);
    }
}
