using System.Net;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Mvc;

namespace Platform.Forms.Tests;

public static class AccessAssert
{
    public static async Task UnauthorizedAsync(HttpResponseMessage response, string because)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            Assert.StartsWith("Bearer", response.Headers.WwwAuthenticate.ToString());
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Contains(because, problem!.Detail);
        }
    }

    /// <summary>Another municipality's resources answer exactly as if they did not exist.</summary>
    public static async Task NotFoundWithoutDataAsync(HttpResponseMessage response)
    {
        using (response)
        {
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = await response.Content.ReadFromJsonAsync<ProblemDetails>();
            Assert.Equal(404, problem!.Status);
        }
    }
}
