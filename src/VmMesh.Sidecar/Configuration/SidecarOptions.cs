// Bootstrap settings of one sidecar, read once at start from sidecar.json, VMMESH_ environment variables and
// command-line switches (in that order, later wins), then validated as a whole. Flow: SidecarConfigLoader →
// ConfigDocument (file + overrides as one JSON tree) → SidecarOptionsReader (shape) → SidecarOptionsValidator
// (meaning) → an immutable SidecarOptions, or every error at once.
namespace VmMesh.Sidecar.Configuration;

/// <summary>The validated sidecar configuration. Paths are absolute (relative ones were taken from the config file's folder).</summary>
internal sealed record SidecarOptions(
    ServiceOptions Service,
    InboundOptions Inbound,
    OutboundOptions Outbound,
    AdminOptions Admin,
    ConsulOptions Consul,
    PolicyServerOptions PolicyServer,
    string DataDir,
    string ConfigPath);
