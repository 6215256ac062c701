using System.Text.Json;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Policy.Validation;

namespace VmMesh.Policy.Shards;

/// <summary>
/// Strictly parses shard payloads (after the caller verified their signature) and assembles them into an
/// <see cref="IntentionSet"/>. Every embedded document is validated with the same rules as operator input, so a
/// shard that could widen access through something we can't interpret is rejected whole (the sidecar keeps the
/// last good one).
/// </summary>
public static class ShardParser
{
    private static readonly string[] ShardKeys = ["defaultAction", "destination", "intentions", "kind", "version"];

    /// <summary>Parses one payload; when <paramref name="expectedDestination"/> is given, a shard for another destination is an error.</summary>
    public static ValidationResult<IntentionShard> Parse(ReadOnlyMemory<byte> payload, string? expectedDestination = null)
    {
        var errors = new ErrorCollector("intentions shard");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(payload, IntentionDocumentParser.JsonOptions);
        }
        catch (JsonException e)
        {
            errors.Add(string.Empty, $"not valid JSON: {e.Message}; publish the shard again");
            return ValidationResult<IntentionShard>.Failure(errors.Errors);
        }

        using (json)
        {
            var shard = Read(json.RootElement, expectedDestination, errors);
            return errors.Count == 0 && shard is not null
                ? ValidationResult<IntentionShard>.Success(shard)
                : ValidationResult<IntentionShard>.Failure(errors.Errors);
        }
    }

    /// <summary>
    /// Combines shards (typically a service's own and the <c>*</c> one) into a set. The set's version is the highest
    /// shard version and its defaults come from that shard (the newest word on the mesh default).
    /// </summary>
    public static ValidationResult<IntentionSet> ToSet(IEnumerable<IntentionShard> shards)
    {
        ArgumentNullException.ThrowIfNull(shards);
        var list = shards.ToList();
        var errors = list.GroupBy(s => s.Destination, StringComparer.Ordinal)
            .Where(g => g.Count() > 1)
            .Select(g => $"intentions shard \"{g.Key}\": given {g.Count()} times; pass one shard per destination")
            .ToList();
        if (errors.Count > 0)
        {
            return ValidationResult<IntentionSet>.Failure(errors);
        }

        if (list.Count == 0)
        {
            return ValidationResult<IntentionSet>.Failure(["intention shards: none given; pass at least the \"*\" shard"]);
        }

        var newest = list.MaxBy(s => s.Version.Value)!;
        return ValidationResult<IntentionSet>.Success(
            IntentionSet.CompileUnchecked(list.SelectMany(s => s.Documents), newest.Defaults, newest.Version));
    }

    /// <summary>Parses payloads and combines them; every error from every payload is reported.</summary>
    public static ValidationResult<IntentionSet> ParseSet(IEnumerable<ReadOnlyMemory<byte>> payloads)
    {
        ArgumentNullException.ThrowIfNull(payloads);
        var shards = new List<IntentionShard>();
        var errors = new List<string>();
        foreach (var payload in payloads)
        {
            var shard = Parse(payload);
            if (shard.Value is { } value)
            {
                shards.Add(value);
            }
            else
            {
                errors.AddRange(shard.Errors);
            }
        }

        return errors.Count > 0 ? ValidationResult<IntentionSet>.Failure(errors) : ToSet(shards);
    }

    private static IntentionShard? Read(JsonElement root, string? expectedDestination, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(root, string.Empty, errors, "a shard made by ShardCompiler"))
        {
            return null;
        }

        var destinationRead = JsonShape.TryGetString(root, "destination", string.Empty, errors, out var destination);
        if (destination is not null)
        {
            errors.Entity = $"intentions shard {ErrorCollector.Quote(destination)}";
        }

        JsonShape.CheckKeys(root, string.Empty, ShardKeys, errors);
        if (JsonShape.TryGetString(root, "kind", string.Empty, errors, out var kind) && kind != IntentionShard.Kind)
        {
            errors.Add("kind", kind is null
                ? $"is missing; this payload is not an intentions shard (expected \"{IntentionShard.Kind}\")"
                : $"{ErrorCollector.Quote(kind)} is not \"{IntentionShard.Kind}\"; this payload is not an intentions shard");
        }

        if (destination is null)
        {
            if (destinationRead)
            {
                errors.Add("destination", "is missing; publish the shard again");
            }
        }
        else if (!IntentionNames.IsServiceNameOrWildcard(destination))
        {
            errors.Add("destination", $"{ErrorCollector.Quote(destination)} is not a valid service name; {IntentionNames.Rule}");
        }
        else if (expectedDestination is not null && destination != expectedDestination)
        {
            errors.Add("destination", $"{ErrorCollector.Quote(destination)} is not the expected {ErrorCollector.Quote(expectedDestination)}; the shard was published under the wrong key");
        }

        var version = ReadVersion(root, errors);
        var defaults = ReadDefaults(root, errors);
        var documents = new List<IntentionDocument>();
        if (JsonShape.TryGetArray(root, "intentions", string.Empty, errors, out var array))
        {
            if (array is null)
            {
                errors.Add("intentions", "is missing; publish the shard again");
            }
            else if (array.Value.GetArrayLength() > 1)
            {
                errors.Add("intentions", $"has {array.Value.GetArrayLength()} documents; a shard carries at most one");
            }
            else
            {
                var i = 0;
                foreach (var element in array.Value.EnumerateArray())
                {
                    var documentErrors = new ErrorCollector("intentions document");
                    var document = IntentionDocumentParser.Read(element, documentErrors);
                    foreach (var message in documentErrors.Errors)
                    {
                        errors.Add($"intentions[{i}]:", message);
                    }

                    if (documentErrors.Count == 0 && document is not null)
                    {
                        if (destination is not null && document.Destination != destination)
                        {
                            errors.Add($"intentions[{i}].destination", $"{ErrorCollector.Quote(document.Destination)} does not match the shard's destination; publish the shard again");
                        }

                        documents.Add(document);
                    }

                    i++;
                }
            }
        }

        return new IntentionShard(destination ?? string.Empty, version, defaults, documents);
    }

    private static IntentionVersion ReadVersion(JsonElement root, ErrorCollector errors)
    {
        if (!root.TryGetProperty("version", out var element) || element.ValueKind == JsonValueKind.Null)
        {
            errors.Add("version", "is missing; publish the shard again");
            return default;
        }

        if (element.ValueKind != JsonValueKind.Number || !element.TryGetInt64(out var value) || value < 0)
        {
            errors.Add("version", $"{element.GetRawText()} is not a non-negative integer; publish the shard again");
            return default;
        }

        return new IntentionVersion(value);
    }

    private static MeshDefaults ReadDefaults(JsonElement root, ErrorCollector errors)
    {
        if (!JsonShape.TryGetString(root, "defaultAction", string.Empty, errors, out var text))
        {
            return MeshDefaults.DenyByDefault;
        }

        switch (text)
        {
            case "allow":
                return new MeshDefaults(IntentionAction.Allow);
            case "deny":
                return MeshDefaults.DenyByDefault;
            case null:
                errors.Add("defaultAction", "is missing; publish the shard again");
                return MeshDefaults.DenyByDefault;
            default:
                errors.Add("defaultAction", $"{ErrorCollector.Quote(text)} is not \"allow\" or \"deny\"; publish the shard again");
                return MeshDefaults.DenyByDefault;
        }
    }
}
