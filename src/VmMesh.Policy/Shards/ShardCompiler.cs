using System.Text.Json;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Json;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Shards;

/// <summary>Compiles an <see cref="IntentionSet"/> into deterministic per-destination payloads (unsigned bytes).</summary>
public static class ShardCompiler
{
    /// <summary>
    /// One payload per destination that has intentions, plus always one for <c>*</c> (it carries the version and the
    /// mesh default even when empty). Keys are destination names and <c>*</c>, in ordinal order.
    /// </summary>
    public static IReadOnlyDictionary<string, byte[]> Compile(IntentionSet set)
    {
        ArgumentNullException.ThrowIfNull(set);
        var shards = new SortedDictionary<string, byte[]>(StringComparer.Ordinal)
        {
            [IntentionNames.Wildcard] = CompileFor(set, IntentionNames.Wildcard),
        };
        foreach (var document in set.Documents)
        {
            shards[document.Destination] = CompileFor(set, document.Destination);
        }

        return shards;
    }

    /// <summary>
    /// The payload for one destination, empty of intentions when it has none: publish this when a destination's
    /// intentions are deleted, so sidecars replace what they hold instead of keeping it.
    /// </summary>
    public static byte[] CompileFor(IntentionSet set, string destination)
    {
        ArgumentNullException.ThrowIfNull(set);
        ArgumentNullException.ThrowIfNull(destination);
        if (!IntentionNames.IsServiceNameOrWildcard(destination))
        {
            throw new ArgumentException($"destination \"{destination}\" is not a valid service name; {IntentionNames.Rule}", nameof(destination));
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("defaultAction", IntentionDocumentWriter.ActionText(set.Defaults.DefaultAction));
            writer.WriteString("destination", destination);
            writer.WriteStartArray("intentions");
            if (set.GetDocument(destination) is { } document)
            {
                IntentionDocumentWriter.Write(writer, document, canonical: true);
            }

            writer.WriteEndArray();
            writer.WriteString("kind", IntentionShard.Kind);
            writer.WriteNumber("version", set.Version.Value);
            writer.WriteEndObject();
        }

        return buffer.ToArray();
    }
}
