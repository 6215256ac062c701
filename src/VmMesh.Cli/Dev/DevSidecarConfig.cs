using System.Text.Json.Nodes;

namespace VmMesh.Cli.Dev;

/// <summary>Writes one demo service's <c>sidecar.json</c> in the shape ARCHITECTURE.md documents.</summary>
internal static class DevSidecarConfig
{
    public static string Write(string directory, string service, DevServicePorts ports, DevPorts mesh, string caFile, string joinTokenFile)
    {
        var config = new JsonObject
        {
            ["service"] = new JsonObject
            {
                ["name"] = service,
                ["id"] = service + "-1",
                ["port"] = ports.App,
                ["check"] = new JsonObject { ["http"] = $"http://127.0.0.1:{ports.App}/health", ["interval"] = "2s" },
            },
            ["inbound"] = new JsonObject { ["port"] = ports.Inbound, ["advertiseAddress"] = "127.0.0.1" },
            ["outbound"] = new JsonObject { ["port"] = ports.Outbound },
            ["admin"] = new JsonObject { ["port"] = ports.Admin },
            ["consul"] = new JsonObject { ["address"] = $"http://127.0.0.1:{mesh.Consul}" },
            ["policyServer"] = new JsonObject
            {
                ["address"] = $"https://127.0.0.1:{mesh.PolicyServer}",
                ["caFile"] = caFile,
                ["joinTokenFile"] = joinTokenFile,
            },
            ["dataDir"] = Path.Combine(directory, "data"),
        };
        var path = Path.Combine(directory, "sidecar.json");
        File.WriteAllText(path, config.ToJsonString(new System.Text.Json.JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
