// Response JSON: minified by default, 4-space indent plus trailing newline with ?pretty (Go's json.MarshalIndent).
using System.Buffers;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace VmMesh.Consul.Dev.Json;

internal static class JsonOutput
{
    public static byte[] Write(bool pretty, Action<Utf8JsonWriter> body)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions
        {
            Indented = pretty,
            IndentSize = 4,
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            SkipValidation = false,
        }))
        {
            body(writer);
        }

        if (pretty)
        {
            buffer.Write("\n"u8);
        }

        return buffer.WrittenSpan.ToArray();
    }

    public static void WriteStringArray(Utf8JsonWriter w, string name, IEnumerable<string> values)
    {
        w.WriteStartArray(name);
        foreach (var v in values)
        {
            w.WriteStringValue(v);
        }

        w.WriteEndArray();
    }

    public static void WriteStringMap(Utf8JsonWriter w, string name, IEnumerable<KeyValuePair<string, string>>? map, bool nullWhenMissing = false)
    {
        if (map is null)
        {
            if (nullWhenMissing)
            {
                w.WriteNull(name);
                return;
            }

            w.WriteStartObject(name);
            w.WriteEndObject();
            return;
        }

        w.WriteStartObject(name);
        foreach (var (k, v) in map.OrderBy(p => p.Key, StringComparer.Ordinal))
        {
            w.WriteString(k, v);
        }

        w.WriteEndObject();
    }
}
