using System.Diagnostics;

namespace Platform.Gateway;

/// <summary>
/// Gives every request entering the network an <c>X-Correlation-Id</c> (keeping one a caller sent),
/// forwards it to the services and returns it, so a citizen's support call can be matched to the logs
/// and the trace of exactly that request.
/// </summary>
public sealed class CorrelationIds(RequestDelegate next)
{
    public const string Header = "X-Correlation-Id";

    public Task InvokeAsync(HttpContext context)
    {
        var id = context.Request.Headers[Header].ToString();
        if (string.IsNullOrWhiteSpace(id) || id.Length > 128)
        {
            id = Activity.Current?.TraceId.ToString() ?? Guid.NewGuid().ToString("N");
            context.Request.Headers[Header] = id;
        }

        Activity.Current?.SetTag("correlation.id", id);
        context.Response.OnStarting(() =>
        {
            context.Response.Headers[Header] = id;
            return Task.CompletedTask;
        });
        return next(context);
    }
}
