using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmMesh.Bench.Topology;

/// <summary>One sidecar's <c>sidecar.json</c>, in the shape ARCHITECTURE.md documents.</summary>
internal static class SidecarConfig
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static string Write(string directory, SidecarPlan plan, BenchHost host, Uri consul, Uri policyServer, string caFile, string joinTokenFile)
    {
        var service = new JsonObject { ["name"] = plan.Service, ["id"] = plan.Service + "-1", ["port"] = plan.AppPort };
        if (plan.AppHasHealthCheck)
        {
            service["check"] = new JsonObject { ["http"] = $"http://127.0.0.1:{plan.AppPort}/health", ["interval"] = "2s" };
        }

        var config = new JsonObject
        {
            ["service"] = service,
            ["inbound"] = new JsonObject { ["port"] = plan.InboundPort, ["bindAddress"] = host.Address, ["advertiseAddress"] = host.Address },
            ["outbound"] = new JsonObject { ["port"] = plan.OutboundPort },
            ["admin"] = new JsonObject { ["port"] = plan.AdminPort },
            ["consul"] = new JsonObject { ["address"] = consul.ToString().TrimEnd('/'), ["datacenter"] = "dc1" },
            ["policyServer"] = new JsonObject { ["address"] = policyServer.ToString().TrimEnd('/'), ["caFile"] = caFile, ["joinTokenFile"] = joinTokenFile },
            ["dataDir"] = Path.Combine(directory, "data"),
        };
        var path = Path.Combine(directory, "sidecar.json");
        File.WriteAllText(path, config.ToJsonString(Indented));
        return path;
    }
}
