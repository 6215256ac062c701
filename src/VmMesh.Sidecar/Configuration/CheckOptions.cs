namespace VmMesh.Sidecar.Configuration;

/// <summary>The app's health check as Consul runs it: exactly one of an HTTP URL or a TCP <c>host:port</c>.</summary>
internal sealed record CheckOptions(Uri? Http, string? Tcp, TimeSpan Interval, TimeSpan Timeout);
