using System.Text.Json;
using VmMesh.Consul.Dev.Json;

namespace VmMesh.Consul.Dev.Http;

/// <summary>Small helpers for JSON answers honouring ?pretty.</summary>
internal static class Replies
{
    public static ConsulReply Json(RequestContext context, Action<Utf8JsonWriter> body)
        => ConsulReply.Json(JsonOutput.Write(context.Pretty, body));

    public static ConsulReply JsonArray<T>(RequestContext context, IEnumerable<T> items, Action<Utf8JsonWriter, T> write)
        => Json(context, w =>
        {
            w.WriteStartArray();
            foreach (var item in items)
            {
                write(w, item);
            }

            w.WriteEndArray();
        });
}
