using System.Net.Http.Headers;
using Microsoft.AspNetCore.Authentication;

namespace Platform.Web.SignIn;

/// <summary>Sends the signed-in person's own access token with every call to a service, so each service decides what they may see and do.</summary>
public sealed class UserAccessTokenHandler(IHttpContextAccessor accessor) : DelegatingHandler
{
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        if (accessor.HttpContext is { } http && await http.GetTokenAsync(PortalSignIn.SchemeOf(http), "access_token") is { } token)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        }

        return await base.SendAsync(request, cancellationToken);
    }
}
