using System.Text.Json;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Health;

/// <summary>structs.HealthCheck JSON (contract §4.1), shared by health, agent/checks and alias outputs.</summary>
internal static class CheckJson
{
    public static void Write(Utf8JsonWriter w, CheckRecord c, string nodeName, bool agentView = false)
    {
        w.WriteStartObject();
        w.WriteString("Node", nodeName);
        w.WriteString("CheckID", c.CheckId);
        w.WriteString("Name", c.Name);
        w.WriteString("Status", c.Status);
        w.WriteString("Notes", c.Notes);
        w.WriteString("Output", c.Output);
        w.WriteString("ServiceID", c.ServiceId);
        w.WriteString("ServiceName", c.ServiceName);
        JsonOutput.WriteStringArray(w, "ServiceTags", c.ServiceTags);
        w.WriteString("Type", c.Type);
        w.WriteString("Interval", c.Spec is { Interval: var i } && i > TimeSpan.Zero ? GoDuration.Format(i) : string.Empty);
        w.WriteString("Timeout", c.Spec is { Timeout: var t } && t > TimeSpan.Zero ? GoDuration.Format(t) : string.Empty);
        w.WriteNumber("ExposedPort", 0);
        w.WriteStartObject("Definition");
        w.WriteEndObject();
        w.WriteNumber("CreateIndex", agentView ? 0 : c.CreateIndex);
        w.WriteNumber("ModifyIndex", agentView ? 0 : c.ModifyIndex);
        w.WriteEndObject();
    }
}
