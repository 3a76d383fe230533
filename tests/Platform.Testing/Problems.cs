using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;

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

    /// <summary>
    /// The problem document of a refusal, after checking it has <paramref name="status"/> and its detail mentions
    /// <paramref name="detailMentions"/>; anything else throws with what the service answered instead.
    /// </summary>
    public static async Task<ProblemDetails> ExpectAsync(HttpResponseMessage response, HttpStatusCode status, string detailMentions)
    {
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            var mediaType = response.Content.Headers.ContentType?.MediaType;
            var problem = mediaType == "application/problem+json" ? JsonSerializer.Deserialize<ProblemDetails>(body, Json) : null;
            if (response.StatusCode != status || problem is null || problem.Detail?.Contains(detailMentions, StringComparison.OrdinalIgnoreCase) != true)
            {
                throw new InvalidOperationException(
                    $"Expected a {(int)status} problem whose detail mentions '{detailMentions}', got {(int)response.StatusCode} {mediaType ?? "(no media type)"}: {body}");
            }

            return problem;
        }
    }

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);
}
