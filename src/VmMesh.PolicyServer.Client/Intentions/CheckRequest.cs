namespace VmMesh.PolicyServer.Client.Intentions;

/// <summary>Body of <c>POST /v1/intentions/check</c>: the request to decide, as the destination's sidecar would see it.</summary>
/// <param name="Source">The calling service name.</param>
/// <param name="Destination">The called service name.</param>
/// <param name="Method">HTTP method (upper-case); null for an L4-only check.</param>
/// <param name="Path">HTTP path; null for an L4-only check.</param>
/// <param name="Headers">Request headers; null for none.</param>
public sealed record CheckRequest(
    string Source,
    string Destination,
    string? Method = null,
    string? Path = null,
    IReadOnlyDictionary<string, string>? Headers = null);
