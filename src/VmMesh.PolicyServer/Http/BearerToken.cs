namespace VmMesh.PolicyServer.Http;

/// <summary>Reads <c>Authorization: Bearer &lt;token&gt;</c>.</summary>
internal static class BearerToken
{
    /// <summary>The token, or null when there is no Authorization header; throws 401 for another scheme or an empty token.</summary>
    public static string? Read(HttpContext context)
    {
        var header = context.Request.Headers.Authorization.ToString();
        if (string.IsNullOrEmpty(header))
        {
            return null;
        }

        const string Scheme = "Bearer ";
        if (!header.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) || header.Length == Scheme.Length)
        {
            throw ApiException.Unauthorized("Authorization header is not \"Bearer <token>\"; send the token as Authorization: Bearer <token>");
        }

        return header[Scheme.Length..].Trim();
    }
}
