using System.Text.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Sessions;

/// <summary>Session JSON (contract §8.1): LockDelay in nanoseconds, ServiceChecks null when none.</summary>
internal static class SessionJson
{
    public static void Write(Utf8JsonWriter w, SessionRecord s)
    {
        w.WriteStartObject();
        w.WriteString("ID", s.Id);
        w.WriteString("Name", s.Name);
        w.WriteString("Node", s.Node);
        w.WriteNumber("LockDelay", s.LockDelay.Ticks * 100);
        w.WriteString("Behavior", s.Behavior);
        w.WriteString("TTL", s.Ttl);
        WriteList(w, "NodeChecks", s.NodeChecks);
        if (s.ServiceChecks is { } serviceChecks)
        {
            w.WriteStartArray("ServiceChecks");
            foreach (var id in serviceChecks)
            {
                w.WriteStartObject();
                w.WriteString("ID", id);
                w.WriteString("Namespace", string.Empty);
                w.WriteEndObject();
            }

            w.WriteEndArray();
        }
        else
        {
            w.WriteNull("ServiceChecks");
        }

        if (s.LegacyChecks is { Length: > 0 } legacy)
        {
            WriteList(w, "Checks", legacy);
        }

        w.WriteNumber("CreateIndex", s.CreateIndex);
        w.WriteNumber("ModifyIndex", s.ModifyIndex);
        w.WriteEndObject();
    }

    private static void WriteList(Utf8JsonWriter w, string name, System.Collections.Immutable.ImmutableArray<string>? values)
    {
        if (values is not { } list)
        {
            w.WriteNull(name);
            return;
        }

        w.WriteStartArray(name);
        foreach (var v in list)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }
}
