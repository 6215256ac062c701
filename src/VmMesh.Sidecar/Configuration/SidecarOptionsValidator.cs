namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// Checks that need more than one value: port collisions between the listeners, the upstream ports and the app,
/// exactly one way to trust the policy server, and files that must exist. Runs even after per-value errors (bad
/// values were replaced by stand-ins that cannot collide), so one run lists everything.
/// </summary>
internal static class SidecarOptionsValidator
{
    public static void Validate(SidecarOptions options, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(errors);
        CheckPorts(options, errors);
        CheckPolicyServerTrust(options.PolicyServer, errors);
        CheckFileExists(options.PolicyServer.CaFile, "policyServer.caFile", "copy the mesh trust bundle (ca.pem from the policy server) there, or set policyServer.caFingerprint instead", errors);
        CheckFileExists(options.Consul.TokenFile, "consul.tokenFile", "write the Consul ACL token there, or remove the key when Consul has no ACLs", errors);
        if (File.Exists(options.DataDir))
        {
            errors.Add(new ConfigError("dataDir", $"dataDir {options.DataDir} is a file; point it at a directory the sidecar may create and own"));
        }
    }

    private static void CheckPorts(SidecarOptions options, List<ConfigError> errors)
    {
        // Every port a socket on this host uses, in the order they are reported; a later one colliding with an
        // earlier one is the one to change. Port 0 asks the OS for a free port and never collides.
        var ports = new List<(string Path, int Port)>
        {
            ("service.port", options.Service.Port),
            ("inbound.port", options.Inbound.Port),
            ("outbound.port", options.Outbound.Port),
            ("admin.port", options.Admin.Port),
        };
        ports.AddRange(options.Outbound.Upstreams.Select((u, i) => ($"outbound.upstreams[{i}].localPort", u.LocalPort)));
        var seen = new Dictionary<int, string>();
        foreach (var (path, port) in ports)
        {
            if (port == 0)
            {
                continue;
            }

            if (seen.TryGetValue(port, out var earlier))
            {
                errors.Add(new ConfigError(path, $"{path} {port} collides with {earlier}; choose another port"));
            }
            else
            {
                seen.Add(port, path);
            }
        }
    }

    private static void CheckPolicyServerTrust(PolicyServerOptions policyServer, List<ConfigError> errors)
    {
        if (policyServer.CaFile is null && policyServer.CaFingerprint is null)
        {
            errors.Add(new ConfigError("policyServer.caFile", "policyServer has neither caFile nor caFingerprint; set caFile to the mesh trust bundle (ca.pem) or caFingerprint to the root's sha256 fingerprint"));
        }
        else if (policyServer.CaFile is not null && policyServer.CaFingerprint is not null)
        {
            errors.Add(new ConfigError("policyServer.caFingerprint", "policyServer has both caFile and caFingerprint; keep only one (caFile when the host has ca.pem, caFingerprint to pin the root on first contact)"));
        }
    }

    private static void CheckFileExists(string? path, string key, string fix, List<ConfigError> errors)
    {
        if (path is not null && !File.Exists(path))
        {
            errors.Add(new ConfigError(key, $"{key} {path} does not exist; {fix}"));
        }
    }
}
