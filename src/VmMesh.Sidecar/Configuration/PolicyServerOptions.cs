namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// Where certificates come from. The server is trusted through exactly one of <see cref="CaFile"/> (the mesh trust
/// bundle handed over at install time) or <see cref="CaFingerprint"/> (<c>sha256:…</c> of the root, pinned on first contact).
/// </summary>
internal sealed record PolicyServerOptions(Uri Address, string? CaFile, string? CaFingerprint, string? JoinTokenFile);
