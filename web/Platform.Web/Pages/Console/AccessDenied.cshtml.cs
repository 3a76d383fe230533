using Microsoft.AspNetCore.Authorization;

namespace Platform.Web.Pages.Console;

/// <summary>A citizen who signed in at the console: it is for municipal staff.</summary>
[AllowAnonymous]
public sealed class AccessDeniedModel : PortalPage;
