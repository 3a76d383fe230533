using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Http;

namespace Platform.Testing;

/// <summary>Reads the problem documents (RFC 9457) the services answer with.</summary>
public static class Problems
{
    /// <summary>
    /// The <c>errors</c> of a 400 validation problem, keyed by JSON pointer. Any other answer throws with its
    /// status, media type and body, so a failing test shows what the service said instead.
    /// </summary>
    public static async Task<IDictionary<string, string[]>> ValidationErrorsAsync(HttpResponseMessage response)
    {
        var mediaType = response.Content.Headers.ContentType?.MediaType;
        if (response.StatusCode != HttpStatusCode.BadRequest || mediaType != "application/problem+json")
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException(
                $"Expected a 400 application/problem+json validation problem, got {(int)response.StatusCode} {response.StatusCode} " +
                $"{mediaType ?? "(no media type)"}: {body}");
        }

        var problem = await response.Content.ReadFromJsonAsync<HttpValidationProblemDetails>()
            ?? throw new InvalidOperationException("Expected a validation problem, got a body of JSON null.");
        return problem.Errors;
    }
}
