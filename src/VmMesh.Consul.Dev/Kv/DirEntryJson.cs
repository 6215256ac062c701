using System.Text.Json;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Kv;

/// <summary>DirEntry JSON (contract §6.1): Value base64 or null, Session omitted when unlocked.</summary>
internal static class DirEntryJson
{
    public static void Write(Utf8JsonWriter w, KvEntry e, bool includeValue = true)
    {
        w.WriteStartObject();
        w.WriteNumber("LockIndex", e.LockIndex);
        w.WriteString("Key", e.Key);
        w.WriteNumber("Flags", e.Flags);
        if (includeValue && e.Value.Length > 0)
        {
            w.WriteBase64String("Value", e.Value);
        }
        else
        {
            w.WriteNull("Value");
        }

        if (e.Session is { } session)
        {
            w.WriteString("Session", session);
        }

        w.WriteNumber("CreateIndex", e.CreateIndex);
        w.WriteNumber("ModifyIndex", e.ModifyIndex);
        w.WriteEndObject();
    }
}
