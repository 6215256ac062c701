using System.Net.Http.Headers;
using System.Text.Json;

namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>A response read whole: status, body text, headers.</summary>
public sealed record ApiResponse(int Status, string Body, HttpResponseHeaders Headers, string? MediaType)
{
    public JsonElement Json => JsonDocument.Parse(Body).RootElement;

    /// <summary>The <c>error</c> of an error body; fails when the body is not one.</summary>
    public string Error => Json.GetProperty("error").GetString()!;

    public override string ToString() => $"{Status} {Body}";
}
