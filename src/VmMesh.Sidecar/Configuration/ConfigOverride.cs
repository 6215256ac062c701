namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// One value set outside the file: <c>VMMESH_Outbound__Upstreams__0__LocalPort=9001</c> or
/// <c>--outbound:upstreams:0:localPort=9001</c>. <see cref="Origin"/> names the variable or switch for error messages;
/// an empty <see cref="Value"/> removes the key.
/// </summary>
internal sealed record ConfigOverride(IReadOnlyList<string> Segments, string Value, string Origin);
