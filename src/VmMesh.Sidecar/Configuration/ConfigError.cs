namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// One configuration problem. <see cref="Path"/> is the key path (<c>outbound.upstreams[1].localPort</c>) and decides
/// which source is named in front of the message: the config file, or the environment variable or switch that set it.
/// <see cref="Message"/> names the key, the bad value and the fix.
/// </summary>
internal sealed record ConfigError(string Path, string Message);
