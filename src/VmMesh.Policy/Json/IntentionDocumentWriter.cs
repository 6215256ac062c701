// Writes intention documents as JSON. Two uses, one code path:
//  - canonical bytes (keys sorted, sources sorted by name, methods sorted, nulls omitted) for shards and API
//    responses, so the same intentions always give the same bytes and the same signature;
//  - order-preserving JSON for IntentionValidator, which validates a document built in code by running it through
//    the one strict parser, so there is exactly one implementation of the rules and its messages.
using System.Globalization;
using System.Text.Json;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Json;

/// <summary>Serializes <see cref="IntentionDocument"/> to camelCase JSON.</summary>
public static class IntentionDocumentWriter
{
    /// <summary>Canonical UTF-8 JSON for one document: sorted keys, sources sorted by name, methods sorted, no nulls, no whitespace.</summary>
    public static byte[] ToCanonicalJson(IntentionDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document, canonical: true);
        }

        return buffer.ToArray();
    }

    /// <summary>JSON that keeps every list in the order given, so validation messages point at the caller's indexes.</summary>
    internal static byte[] ToOrderPreservingJson(IntentionDocument document)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            Write(writer, document, canonical: false);
        }

        return buffer.ToArray();
    }

    internal static void Write(Utf8JsonWriter writer, IntentionDocument document, bool canonical)
    {
        writer.WriteStartObject();
        WriteString(writer, "destination", document.Destination);
        if (document.Sources is not null)
        {
            writer.WriteStartArray("sources");
            IEnumerable<IntentionSource?> sources = document.Sources;
            if (canonical)
            {
                sources = sources.OrderBy(s => s?.Name, StringComparer.Ordinal);
            }

            foreach (var source in sources)
            {
                WriteSource(writer, source, canonical);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    /// <summary>The JSON spelling of an action; an undefined value is written as its number so the parser reports it.</summary>
    internal static string ActionText(IntentionAction action) => action switch
    {
        IntentionAction.Allow => "allow",
        IntentionAction.Deny => "deny",
        _ => ((int)action).ToString(CultureInfo.InvariantCulture),
    };

    private static void WriteSource(Utf8JsonWriter writer, IntentionSource? source, bool canonical)
    {
        if (source is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        if (source.Action is { } action)
        {
            writer.WriteString("action", ActionText(action));
        }

        WriteString(writer, "description", source.Description);
        WriteString(writer, "name", source.Name);
        if (source.Permissions is not null)
        {
            writer.WriteStartArray("permissions");
            foreach (var permission in source.Permissions)
            {
                WritePermission(writer, permission, canonical);
            }

            writer.WriteEndArray();
        }

        writer.WriteEndObject();
    }

    private static void WritePermission(Utf8JsonWriter writer, Permission? permission, bool canonical)
    {
        if (permission is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        writer.WriteString("action", ActionText(permission.Action));
        if (permission.Http is { } http)
        {
            writer.WriteStartObject("http");
            if (http.Header is not null && (http.Header.Count > 0 || !canonical))
            {
                writer.WriteStartArray("header");
                foreach (var header in http.Header)
                {
                    WriteHeader(writer, header);
                }

                writer.WriteEndArray();
            }

            if (http.Methods is not null && (http.Methods.Count > 0 || !canonical))
            {
                writer.WriteStartArray("methods");
                IEnumerable<string?> methods = http.Methods;
                if (canonical)
                {
                    methods = methods.OrderBy(m => m, StringComparer.Ordinal);
                }

                foreach (var method in methods)
                {
                    writer.WriteStringValue(method);
                }

                writer.WriteEndArray();
            }

            WriteString(writer, "pathExact", http.PathExact);
            WriteString(writer, "pathPrefix", http.PathPrefix);
            WriteString(writer, "pathRegex", http.PathRegex);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
    }

    private static void WriteHeader(Utf8JsonWriter writer, HeaderMatch? header)
    {
        if (header is null)
        {
            writer.WriteNullValue();
            return;
        }

        writer.WriteStartObject();
        WriteString(writer, "exact", header.Exact);
        if (header.Invert)
        {
            writer.WriteBoolean("invert", true);
        }

        WriteString(writer, "name", header.Name);
        WriteString(writer, "prefix", header.Prefix);
        if (header.Present is { } present)
        {
            writer.WriteBoolean("present", present);
        }

        WriteString(writer, "regex", header.Regex);
        WriteString(writer, "suffix", header.Suffix);
        writer.WriteEndObject();
    }

    private static void WriteString(Utf8JsonWriter writer, string name, string? value)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
    }
}
