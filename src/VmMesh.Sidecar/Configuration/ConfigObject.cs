using System.Collections.Immutable;
using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// Reads one JSON object of sidecar.json with its key path, reporting unknown keys (with a camelCase hint) as soon as
/// it is opened and wrong types as they are read. A missing or null key reads as "not set"; every problem goes to
/// the shared error list so that the caller can keep reading and report all of them.
/// </summary>
internal sealed class ConfigObject
{
    private readonly JsonObject? _node;
    private readonly string _pattern;
    private readonly ConfigDocument _document;
    private readonly List<ConfigError> _errors;

    private ConfigObject(JsonObject? node, string pattern, string path, ConfigDocument document, List<ConfigError> errors)
    {
        _node = node;
        _pattern = pattern;
        Path = path;
        _document = document;
        _errors = errors;
        ReportUnknownKeys();
    }

    public string Path { get; }

    public static ConfigObject Root(ConfigDocument document, List<ConfigError> errors)
    {
        ArgumentNullException.ThrowIfNull(document);
        ArgumentNullException.ThrowIfNull(errors);
        if (document.Root is not null and not JsonObject)
        {
            errors.Add(new ConfigError(ConfigSchema.Root, $"holds {ConfigDocument.Describe(document.Root)} at the top; write one JSON object such as {{ \"service\": {{ ... }} }}"));
        }

        return new ConfigObject(document.Root as JsonObject, ConfigSchema.Root, string.Empty, document, errors);
    }

    public string PathOf(string key) => ConfigSchema.Child(Path, key);

    public void Error(string key, string message) => _errors.Add(new ConfigError(PathOf(key), message));

    public bool Has(string key) => _node?[key] is not null;

    /// <summary>The child object; an empty reader when it is missing or not an object (the latter reported).</summary>
    public ConfigObject Object(string key)
    {
        var node = _node?[key];
        if (node is not null and not JsonObject)
        {
            Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be an object {{ ... }}");
        }

        return new ConfigObject(node as JsonObject, ConfigSchema.Child(_pattern, key), PathOf(key), _document, _errors);
    }

    public string? String(string key)
    {
        var node = _node?[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value && value.GetValueKind() == JsonValueKind.String)
        {
            return value.GetValue<string>();
        }

        Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be a string in double quotes");
        return null;
    }

    public int? Int(string key)
    {
        var node = _node?[key];
        if (node is null)
        {
            return null;
        }

        if (node is JsonValue value)
        {
            if (value.GetValueKind() == JsonValueKind.Number && value.TryGetValue<int>(out var number))
            {
                return number;
            }

            // Environment variables and switches carry text; the file must use a JSON number.
            if (_document.OverrideOf(PathOf(key)) is not null
                && value.GetValueKind() == JsonValueKind.String
                && int.TryParse(value.GetValue<string>(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out number))
            {
                return number;
            }
        }

        Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be a whole number");
        return null;
    }

    public ImmutableArray<string> Strings(string key)
    {
        var node = _node?[key];
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be a list of strings [\"a\", \"b\"]");
            return [];
        }

        var items = ImmutableArray.CreateBuilder<string>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            if (array[i] is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                items.Add(value.GetValue<string>());
            }
            else
            {
                _errors.Add(new ConfigError($"{PathOf(key)}[{i}]", $"{PathOf(key)}[{i}] is {ConfigDocument.Describe(array[i])}; it must be a string in double quotes"));
            }
        }

        return items.ToImmutable();
    }

    /// <summary>A free-form object of string values (service.meta).</summary>
    public ImmutableSortedDictionary<string, string> Map(string key)
    {
        var node = _node?[key];
        var map = ImmutableSortedDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        if (node is null)
        {
            return map.ToImmutable();
        }

        if (node is not JsonObject obj)
        {
            Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be an object of strings {{ \"key\": \"value\" }}");
            return map.ToImmutable();
        }

        foreach (var (name, item) in obj)
        {
            var itemPath = ConfigSchema.Child(PathOf(key), name);
            if (item is JsonValue value && value.GetValueKind() == JsonValueKind.String)
            {
                map[name] = value.GetValue<string>();
            }
            else if (item is not null)
            {
                _errors.Add(new ConfigError(itemPath, $"{itemPath} is {ConfigDocument.Describe(item)}; it must be a string in double quotes"));
            }
        }

        return map.ToImmutable();
    }

    /// <summary>A list of objects; items that are not objects are reported and skipped.</summary>
    public IReadOnlyList<ConfigObject> Objects(string key)
    {
        var node = _node?[key];
        if (node is null)
        {
            return [];
        }

        if (node is not JsonArray array)
        {
            Error(key, $"{PathOf(key)} is {ConfigDocument.Describe(node)}; it must be a list of objects [{{ ... }}]");
            return [];
        }

        var items = new List<ConfigObject>(array.Count);
        for (var i = 0; i < array.Count; i++)
        {
            var itemPath = $"{PathOf(key)}[{i}]";
            if (array[i] is JsonObject item)
            {
                items.Add(new ConfigObject(item, ConfigSchema.Child(_pattern, key) + "[]", itemPath, _document, _errors));
            }
            else
            {
                _errors.Add(new ConfigError(itemPath, $"{itemPath} is {ConfigDocument.Describe(array[i])}; it must be an object {{ ... }}"));
            }
        }

        return items;
    }

    private void ReportUnknownKeys()
    {
        if (_node is null || !ConfigSchema.Objects.TryGetValue(_pattern, out var known))
        {
            return;
        }

        foreach (var (key, _) in _node)
        {
            if (known.Contains(key, StringComparer.Ordinal))
            {
                continue;
            }

            var sameLetters = known.FirstOrDefault(k => string.Equals(k, key, StringComparison.OrdinalIgnoreCase));
            var fix = sameLetters is not null
                ? $"write '{sameLetters}' (keys are camelCase)"
                : $"remove it or use one of: {string.Join(", ", known)}";
            Error(key, $"{PathOf(key)} is not a known key; {fix}");
        }
    }
}
