using Microsoft.IdentityModel.JsonWebTokens;

namespace Platform.Identity.Tests;

/// <summary>Reading what an access token says, without validating it (the API under test does that).</summary>
internal static class Tokens
{
    public static JsonWebToken Read(string token) => new(token);

    public static string[] All(this JsonWebToken token, string claim) => [.. token.Claims.Where(c => c.Type == claim).Select(c => c.Value).Order()];

    public static string? One(this JsonWebToken token, string claim) => token.Claims.SingleOrDefault(c => c.Type == claim)?.Value;
}
