using System.Text.Json;
using VmMesh.Consul.Dev.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Catalog;

/// <summary>structs.Node JSON (contract §4.1).</summary>
internal static class NodeJson
{
    public static void Write(Utf8JsonWriter w, NodeRecord n)
    {
        w.WriteStartObject();
        w.WriteString("ID", n.Id);
        w.WriteString("Node", n.Name);
        w.WriteString("Address", n.Address);
        w.WriteString("Datacenter", n.Datacenter);
        JsonOutput.WriteStringMap(w, "TaggedAddresses", n.TaggedAddresses);
        JsonOutput.WriteStringMap(w, "Meta", n.Meta);
        w.WriteNumber("CreateIndex", n.CreateIndex);
        w.WriteNumber("ModifyIndex", n.ModifyIndex);
        w.WriteEndObject();
    }
}
