using System.Text.Json.Nodes;

namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>Writes a test sidecar's <c>sidecar.json</c> (and its join token) into its own folder, as an operator would.</summary>
internal static class SidecarConfigFile
{
    /// <summary>Writes <c>&lt;directory&gt;/join-token</c> and <c>&lt;directory&gt;/sidecar.json</c>; returns the config path.</summary>
    public static async Task<string> WriteAsync(
        string directory, NetworkNamespace host, SidecarSpec spec, Uri consul, string policyUrl, string caFile, string joinToken)
    {
        ArgumentNullException.ThrowIfNull(host);
        ArgumentNullException.ThrowIfNull(spec);
        ArgumentNullException.ThrowIfNull(consul);
        Directory.CreateDirectory(directory);
        var tokenFile = Path.Combine(directory, "join-token");
        await File.WriteAllTextAsync(tokenFile, joinToken);
        var service = new JsonObject { ["name"] = spec.Name, ["id"] = spec.Id, ["port"] = spec.AppPort };
        if (spec.AppCheck)
        {
            service["check"] = new JsonObject { ["http"] = $"http://127.0.0.1:{spec.AppPort}/health", ["interval"] = "1s" };
        }

        var outbound = new JsonObject { ["port"] = spec.OutboundPort };
        if (spec.Upstreams.Count > 0)
        {
            outbound["upstreams"] = new JsonArray([.. spec.Upstreams.Select(u => (JsonNode)new JsonObject { ["service"] = u.Service, ["localPort"] = u.LocalPort })]);
        }

        var config = new JsonObject
        {
            ["service"] = service,
            ["inbound"] = new JsonObject { ["port"] = spec.InboundPort, ["bindAddress"] = host.Address, ["advertiseAddress"] = host.Address },
            ["outbound"] = outbound,
            ["admin"] = new JsonObject { ["port"] = spec.AdminPort },
            ["consul"] = new JsonObject { ["address"] = consul.ToString().TrimEnd('/'), ["datacenter"] = "dc1" },
            ["policyServer"] = new JsonObject { ["address"] = policyUrl, ["caFile"] = caFile, ["joinTokenFile"] = tokenFile },
            ["dataDir"] = Path.Combine(directory, "data"),
        };
        var configFile = Path.Combine(directory, "sidecar.json");
        await File.WriteAllTextAsync(configFile, config.ToJsonString());
        return configFile;
    }
}
