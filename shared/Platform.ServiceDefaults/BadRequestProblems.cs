using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

namespace Platform.ServiceDefaults;

/// <summary>
/// Turns a request the framework could not bind (malformed JSON, a value of the wrong type, an
/// oversized body) into a problem that says what was wrong and where, instead of a bare 400.
/// </summary>
internal sealed class BadRequestProblems(IProblemDetailsService problems) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        // An endpoint that reads a form itself (HttpRequest.ReadFormAsync) hears of a form past the reader's limits
        // (too many fields, a key or value too long) as InvalidDataException, not as a bad request: it is the caller's.
        if (exception is InvalidDataException unreadableForm)
        {
            exception = new BadHttpRequestException(unreadableForm.Message, StatusCodes.Status400BadRequest, unreadableForm);
        }

        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        var json = badRequest.InnerException as JsonException;
        context.Response.StatusCode = badRequest.StatusCode;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = new ProblemDetails
            {
                Status = badRequest.StatusCode,
                Title = json is null ? "The request could not be read." : "The request body is not valid JSON for this operation.",
                Detail = json is null ? badRequest.Message : $"{json.Message}",
                Extensions = { ["pointer"] = json?.Path is { } path ? ToJsonPointer(path) : null },
            },
        });
    }

    // System.Text.Json reports "$.location.latitude"; problem consumers expect "/location/latitude".
    private static string ToJsonPointer(string path) =>
        string.Concat(path.TrimStart('$').Split(['.', '['], StringSplitOptions.RemoveEmptyEntries).Select(s => "/" + s.TrimEnd(']')));
}
