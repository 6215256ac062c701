namespace VmMesh.Policy.Validation;

/// <summary>The HTTP methods a permission may name (RFC 9110 plus PATCH), upper-case as on the wire.</summary>
internal static class HttpMethods
{
    public static readonly IReadOnlyList<string> All = ["GET", "HEAD", "POST", "PUT", "DELETE", "CONNECT", "OPTIONS", "TRACE", "PATCH"];

    public const string Listing = "GET, HEAD, POST, PUT, DELETE, CONNECT, OPTIONS, TRACE or PATCH";

    public static bool IsMethod(string value) => All.Contains(value, StringComparer.Ordinal);
}
