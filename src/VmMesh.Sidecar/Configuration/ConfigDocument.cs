using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// sidecar.json as one JSON tree with the environment and command-line overrides written into it, plus which key
/// paths an override set (their values are strings to convert, and errors about them name the override, not the file).
/// </summary>
internal sealed class ConfigDocument
{
    private static readonly JsonDocumentOptions ParseOptions = new()
    {
        CommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
        AllowDuplicateProperties = false,
    };

    private readonly Dictionary<string, string> _origins = new(StringComparer.Ordinal);

    private ConfigDocument(string fileLabel, JsonNode? root)
    {
        FileLabel = fileLabel;
        Root = root;
    }

    /// <summary>The file name errors start with, e.g. <c>sidecar.json</c>.</summary>
    public string FileLabel { get; }

    /// <summary>The tree, or null when the file did not parse (the error is already reported).</summary>
    public JsonNode? Root { get; }

    /// <summary>Parses <paramref name="json"/> and applies <paramref name="overrides"/> in order; problems go to <paramref name="errors"/>.</summary>
    public static ConfigDocument Parse(string fileLabel, string json, IEnumerable<ConfigOverride> overrides, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(overrides);
        ArgumentNullException.ThrowIfNull(errors);
        JsonNode? root;
        try
        {
            root = JsonNode.Parse(json, documentOptions: ParseOptions) ?? new JsonObject();
        }
        catch (JsonException ex)
        {
            var line = (ex.LineNumber ?? 0) + 1;
            var column = (ex.BytePositionInLine ?? 0) + 1;
            errors.Add(new ConfigError(ConfigSchema.Root, $"not valid JSON at line {line}, column {column} ({FirstSentence(ex.Message)}); fix the syntax there"));
            return new ConfigDocument(fileLabel, null);
        }

        var document = new ConfigDocument(fileLabel, root);
        if (root is JsonObject rootObject)
        {
            foreach (var item in overrides)
            {
                document.Apply(rootObject, item, errors);
            }
        }

        return document;
    }

    /// <summary>The override that set <paramref name="path"/>, or null when the value came from the file.</summary>
    public string? OverrideOf(string path) => _origins.GetValueOrDefault(path);

    /// <summary>What an error about <paramref name="path"/> starts with: the override that set it, or the file.</summary>
    public string SourceOf(string path) => OverrideOf(path) ?? FileLabel;

    private void Apply(JsonObject root, ConfigOverride item, List<ConfigError> errors)
    {
        JsonNode container = root;
        var pattern = ConfigSchema.Root;
        var path = string.Empty;
        for (var i = 0; i < item.Segments.Count; i++)
        {
            var segment = item.Segments[i];
            var last = i == item.Segments.Count - 1;
            string childPattern;
            string childPath;
            Action<JsonNode?> set;
            JsonNode? child;
            if (container is JsonObject obj)
            {
                var key = ConfigSchema.Maps.Contains(pattern) ? segment : ConfigSchema.Canonical(pattern, segment);
                childPattern = ConfigSchema.Child(pattern, key);
                childPath = ConfigSchema.Child(path, key);
                child = obj[key];
                set = node => obj[key] = node;
            }
            else if (container is JsonArray array)
            {
                if (!int.TryParse(segment, NumberStyles.None, CultureInfo.InvariantCulture, out var index) || index > 999)
                {
                    _origins[path] = item.Origin;
                    errors.Add(new ConfigError(path, $"{path} is a list, so '{segment}' must be an item index from 0 to 999; use the item's position (0 for the first)"));
                    return;
                }

                while (array.Count <= index)
                {
                    array.Add(null);
                }

                childPattern = pattern + "[]";
                childPath = $"{path}[{index}]";
                child = array[index];
                set = node => array[index] = node;
            }
            else
            {
                _origins[path] = item.Origin;
                errors.Add(new ConfigError(path, $"{path} is {Describe(container)}, not an object, so it has no key '{segment}'; remove the override or fix the file"));
                return;
            }

            if (last)
            {
                set(item.Value.Length == 0 ? null : JsonValue.Create(item.Value));
                _origins[childPath] = item.Origin;
                return;
            }

            if (child is null)
            {
                child = IsIndex(item.Segments[i + 1]) && !ConfigSchema.Objects.ContainsKey(childPattern) && !ConfigSchema.Maps.Contains(childPattern)
                    ? new JsonArray()
                    : new JsonObject();
                set(child);
            }

            container = child;
            pattern = childPattern;
            path = childPath;
        }
    }

    /// <summary>A short, single-line rendering of a JSON value for messages.</summary>
    public static string Describe(JsonNode? node)
    {
        if (node is null)
        {
            return "null";
        }

        var text = node.ToJsonString();
        return text.Length <= 60 ? text : string.Concat(text.AsSpan(0, 57), "...");
    }

    private static bool IsIndex(string segment) =>
        segment.Length > 0 && segment.All(char.IsAsciiDigit);

    private static string FirstSentence(string message)
    {
        var end = message.IndexOf(". ", StringComparison.Ordinal);
        return (end < 0 ? message : message[..end]).TrimEnd('.');
    }
}
