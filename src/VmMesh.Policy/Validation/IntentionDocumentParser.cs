// Strict JSON → IntentionDocument. This parser IS the validator: every rule about intentions lives here, so a
// document written by an operator, one built in code (IntentionValidator round-trips it through JSON) and one read
// back from a shard are all checked by the same code with the same messages. It never stops at the first problem.
using System.Text.Json;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Validation;

/// <summary>Parses and validates an intentions document (camelCase JSON, unknown fields rejected).</summary>
public static class IntentionDocumentParser
{
    private static readonly string[] DocumentKeys = ["destination", "sources"];
    private static readonly string[] SourceKeys = ["name", "action", "permissions", "description"];
    private static readonly string[] PermissionKeys = ["action", "http"];
    private static readonly string[] HttpKeys = ["pathExact", "pathPrefix", "pathRegex", "methods", "header"];
    private static readonly string[] PathKeys = ["pathExact", "pathPrefix", "pathRegex"];
    private static readonly string[] HeaderKeys = ["name", "present", "exact", "prefix", "suffix", "regex", "invert"];
    private static readonly string[] HeaderMatcherKeys = ["present", "exact", "prefix", "suffix", "regex"];

    internal static readonly JsonDocumentOptions JsonOptions = new() { MaxDepth = 16 };

    /// <summary>Parses UTF-16 JSON text.</summary>
    public static ValidationResult<IntentionDocument> Parse(string json)
    {
        ArgumentNullException.ThrowIfNull(json);
        return Parse(System.Text.Encoding.UTF8.GetBytes(json));
    }

    /// <summary>Parses UTF-8 JSON bytes.</summary>
    public static ValidationResult<IntentionDocument> Parse(ReadOnlyMemory<byte> utf8Json)
    {
        var errors = new ErrorCollector("intentions document");
        JsonDocument json;
        try
        {
            json = JsonDocument.Parse(utf8Json, JsonOptions);
        }
        catch (JsonException e)
        {
            errors.Add(string.Empty, $"not valid JSON: {e.Message}; fix the syntax");
            return ValidationResult<IntentionDocument>.Failure(errors.Errors);
        }

        using (json)
        {
            var document = Read(json.RootElement, errors);
            return errors.Count == 0 && document is not null
                ? ValidationResult<IntentionDocument>.Success(document)
                : ValidationResult<IntentionDocument>.Failure(errors.Errors);
        }
    }

    /// <summary>Reads one document; the entity in messages becomes <c>intentions for "name"</c> once the destination is known.</summary>
    internal static IntentionDocument? Read(JsonElement root, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(root, string.Empty, errors, "{\"destination\": \"api\", \"sources\": [ ... ]}"))
        {
            return null;
        }

        var destinationRead = JsonShape.TryGetString(root, "destination", string.Empty, errors, out var destination);
        if (destination is not null)
        {
            errors.Entity = $"intentions for {ErrorCollector.Quote(destination)}";
        }

        JsonShape.CheckKeys(root, string.Empty, DocumentKeys, errors);
        if (destinationRead && destination is null)
        {
            errors.Add("destination", "is missing; set it to the destination service name or \"*\"");
        }
        else if (destination is not null && !IntentionNames.IsServiceNameOrWildcard(destination))
        {
            errors.Add("destination", $"{ErrorCollector.Quote(destination)} is not a valid service name; {IntentionNames.Rule}");
        }

        var sources = new List<IntentionSource>();
        if (JsonShape.TryGetArray(root, "sources", string.Empty, errors, out var array))
        {
            if (array is null)
            {
                errors.Add("sources", "is missing; list at least one source");
            }
            else if (array.Value.GetArrayLength() == 0)
            {
                errors.Add("sources", "is empty; list at least one source");
            }
            else
            {
                var firstIndexByName = new Dictionary<string, int>(StringComparer.Ordinal);
                var index = 0;
                foreach (var element in array.Value.EnumerateArray())
                {
                    if (ReadSource(element, ErrorCollector.Index("sources", index), index, firstIndexByName, errors) is { } source)
                    {
                        sources.Add(source);
                    }

                    index++;
                }
            }
        }

        return new IntentionDocument(destination ?? string.Empty, sources);
    }

    private static IntentionSource? ReadSource(JsonElement element, string path, int index, Dictionary<string, int> firstIndexByName, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(element, path, errors, "{\"name\": \"web\", \"action\": \"allow\"}"))
        {
            return null;
        }

        JsonShape.CheckKeys(element, path, SourceKeys, errors);
        if (JsonShape.TryGetString(element, "name", path, errors, out var name))
        {
            if (name is null)
            {
                errors.Add(ErrorCollector.Join(path, "name"), "is missing; name the calling service or use \"*\"");
            }
            else if (!IntentionNames.IsServiceNameOrWildcard(name))
            {
                errors.Add(ErrorCollector.Join(path, "name"), $"{ErrorCollector.Quote(name)} is not a valid service name; {IntentionNames.Rule}");
            }
            else if (firstIndexByName.TryGetValue(name, out var first))
            {
                errors.Add(ErrorCollector.Join(path, "name"), $"{ErrorCollector.Quote(name)} is listed twice (also sources[{first}]); merge them into one source");
            }
            else
            {
                firstIndexByName.Add(name, index);
            }
        }

        var hasAction = Has(element, "action");
        var hasPermissions = Has(element, "permissions");
        if (hasAction && hasPermissions)
        {
            errors.Add(path, "has both action and permissions; keep action for an L4 rule or permissions for an L7 rule");
        }
        else if (!hasAction && !hasPermissions)
        {
            errors.Add(path, "has neither action nor permissions; set action to \"allow\" or \"deny\", or list permissions");
        }

        IntentionAction? action = null;
        if (JsonShape.TryGetString(element, "action", path, errors, out var actionText) && actionText is not null)
        {
            action = ReadAction(actionText, ErrorCollector.Join(path, "action"), errors);
        }

        List<Permission>? permissions = null;
        if (JsonShape.TryGetArray(element, "permissions", path, errors, out var array) && array is not null)
        {
            permissions = [];
            var permissionsPath = ErrorCollector.Join(path, "permissions");
            if (array.Value.GetArrayLength() == 0)
            {
                errors.Add(permissionsPath, "is empty; list at least one permission or use action");
            }

            var i = 0;
            foreach (var item in array.Value.EnumerateArray())
            {
                if (ReadPermission(item, ErrorCollector.Index(permissionsPath, i++), errors) is { } permission)
                {
                    permissions.Add(permission);
                }
            }
        }

        JsonShape.TryGetString(element, "description", path, errors, out var description);
        return new IntentionSource(name ?? string.Empty, action, permissions, description);
    }

    private static Permission? ReadPermission(JsonElement element, string path, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(element, path, errors, "{\"action\": \"allow\", \"http\": {\"pathPrefix\": \"/\"}}"))
        {
            return null;
        }

        JsonShape.CheckKeys(element, path, PermissionKeys, errors);
        var action = IntentionAction.Deny;
        if (JsonShape.TryGetString(element, "action", path, errors, out var actionText))
        {
            if (actionText is null)
            {
                errors.Add(ErrorCollector.Join(path, "action"), "is missing; set it to \"allow\" or \"deny\"");
            }
            else
            {
                action = ReadAction(actionText, ErrorCollector.Join(path, "action"), errors) ?? action;
            }
        }

        HttpMatch? http = null;
        var httpPath = ErrorCollector.Join(path, "http");
        if (!element.TryGetProperty("http", out var httpElement) || httpElement.ValueKind == JsonValueKind.Null)
        {
            errors.Add(httpPath, "is missing; set pathExact, pathPrefix, pathRegex, methods or header");
        }
        else
        {
            http = ReadHttp(httpElement, httpPath, errors);
        }

        return new Permission(action, http ?? new HttpMatch());
    }

    private static HttpMatch? ReadHttp(JsonElement element, string path, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(element, path, errors, "{\"pathPrefix\": \"/\", \"methods\": [\"GET\"]}"))
        {
            return null;
        }

        JsonShape.CheckKeys(element, path, HttpKeys, errors);
        var givenPaths = PathKeys.Where(k => Has(element, k)).ToList();
        if (givenPaths.Count > 1)
        {
            errors.Add(path, $"has {string.Join(" and ", givenPaths)}; keep at most one of pathExact, pathPrefix, pathRegex");
        }

        var pathExact = ReadPath(element, "pathExact", path, errors);
        var pathPrefix = ReadPath(element, "pathPrefix", path, errors);
        string? pathRegex = null;
        if (JsonShape.TryGetString(element, "pathRegex", path, errors, out var regexText) && regexText is not null)
        {
            pathRegex = regexText;
            if (!IntentionRegex.TryCompile(regexText, out _, out var reason))
            {
                errors.Add(ErrorCollector.Join(path, "pathRegex"), reason!);
            }
        }

        var methods = ReadMethods(element, path, errors);
        var headers = new List<HeaderMatch>();
        if (JsonShape.TryGetArray(element, "header", path, errors, out var array) && array is not null)
        {
            var i = 0;
            foreach (var item in array.Value.EnumerateArray())
            {
                if (ReadHeader(item, ErrorCollector.Index(ErrorCollector.Join(path, "header"), i++), errors) is { } header)
                {
                    headers.Add(header);
                }
            }
        }

        var hasHeaders = array is not null && array.Value.GetArrayLength() > 0;
        if (givenPaths.Count == 0 && methods.Count == 0 && !hasHeaders && !HasNonEmptyArray(element, "methods"))
        {
            errors.Add(path, "has no matcher; set pathExact, pathPrefix, pathRegex, methods or header");
        }

        return new HttpMatch(pathExact, pathPrefix, pathRegex, methods, headers);
    }

    private static string? ReadPath(JsonElement element, string key, string path, ErrorCollector errors)
    {
        if (!JsonShape.TryGetString(element, key, path, errors, out var value) || value is null)
        {
            return null;
        }

        if (!value.StartsWith('/'))
        {
            errors.Add(ErrorCollector.Join(path, key), $"{ErrorCollector.Quote(value)} does not start with \"/\"; write {ErrorCollector.Quote("/" + value)}");
        }

        return value;
    }

    private static List<string> ReadMethods(JsonElement element, string path, ErrorCollector errors)
    {
        var methods = new List<string>();
        if (!JsonShape.TryGetArray(element, "methods", path, errors, out var array) || array is null)
        {
            return methods;
        }

        var methodsPath = ErrorCollector.Join(path, "methods");
        var i = 0;
        foreach (var item in array.Value.EnumerateArray())
        {
            var at = ErrorCollector.Index(methodsPath, i++);
            if (item.ValueKind != JsonValueKind.String)
            {
                errors.Add(at, $"must be a string, not {JsonShape.Kind(item)}; fix the value");
                continue;
            }

            var method = item.GetString()!;
            var upper = method.ToUpperInvariant();
            if (!HttpMethods.IsMethod(method))
            {
                errors.Add(at, HttpMethods.IsMethod(upper)
                    ? $"{ErrorCollector.Quote(method)} is not an HTTP method; write it in upper case: {ErrorCollector.Quote(upper)}"
                    : $"{ErrorCollector.Quote(method)} is not an HTTP method; use {HttpMethods.Listing}");
            }
            else if (methods.Contains(method, StringComparer.Ordinal))
            {
                errors.Add(at, $"{ErrorCollector.Quote(method)} is listed twice; remove the duplicate");
            }

            methods.Add(method);
        }

        return methods;
    }

    private static HeaderMatch? ReadHeader(JsonElement element, string path, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(element, path, errors, "{\"name\": \"x-env\", \"exact\": \"prod\"}"))
        {
            return null;
        }

        JsonShape.CheckKeys(element, path, HeaderKeys, errors);
        if (JsonShape.TryGetString(element, "name", path, errors, out var name))
        {
            if (string.IsNullOrEmpty(name))
            {
                errors.Add(ErrorCollector.Join(path, "name"), "is missing; name the header to match");
            }
            else if (!IsToken(name))
            {
                errors.Add(ErrorCollector.Join(path, "name"), $"{ErrorCollector.Quote(name)} is not a valid header name; use letters, digits and !#$%&'*+-.^_`|~");
            }
        }

        var given = HeaderMatcherKeys.Where(k => Has(element, k)).ToList();
        if (given.Count == 0)
        {
            errors.Add(path, "has no matcher; set exactly one of present, exact, prefix, suffix or regex");
        }
        else if (given.Count > 1)
        {
            errors.Add(path, $"has {string.Join(" and ", given)}; set exactly one of present, exact, prefix, suffix or regex");
        }

        if (JsonShape.TryGetBool(element, "present", path, errors, out var present) && present == false)
        {
            errors.Add(ErrorCollector.Join(path, "present"), "is false; remove it, or to require that the header is absent use \"present\": true with \"invert\": true");
        }

        JsonShape.TryGetString(element, "exact", path, errors, out var exact);
        var prefix = ReadNonEmpty(element, "prefix", path, errors);
        var suffix = ReadNonEmpty(element, "suffix", path, errors);
        JsonShape.TryGetString(element, "regex", path, errors, out var regex);
        if (regex is not null && !IntentionRegex.TryCompile(regex, out _, out var reason))
        {
            errors.Add(ErrorCollector.Join(path, "regex"), reason!);
        }

        JsonShape.TryGetBool(element, "invert", path, errors, out var invert);
        return new HeaderMatch(name ?? string.Empty, present, exact, prefix, suffix, regex, invert ?? false);
    }

    private static string? ReadNonEmpty(JsonElement element, string key, string path, ErrorCollector errors)
    {
        if (JsonShape.TryGetString(element, key, path, errors, out var value) && value is { Length: 0 })
        {
            errors.Add(ErrorCollector.Join(path, key), "is empty; use \"present\": true to match any value");
        }

        return value;
    }

    private static IntentionAction? ReadAction(string text, string path, ErrorCollector errors)
    {
        switch (text)
        {
            case "allow":
                return IntentionAction.Allow;
            case "deny":
                return IntentionAction.Deny;
            default:
                errors.Add(path, $"{ErrorCollector.Quote(text)} is not a valid action; use \"allow\" or \"deny\"");
                return null;
        }
    }

    private static bool Has(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null;

    private static bool HasNonEmptyArray(JsonElement obj, string name) =>
        obj.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Array && value.GetArrayLength() > 0;

    /// <summary>An RFC 9110 token (what a header field name may contain).</summary>
    private static bool IsToken(string name)
    {
        foreach (var c in name)
        {
            if (!(char.IsAsciiLetterOrDigit(c) || "!#$%&'*+-.^_`|~".Contains(c, StringComparison.Ordinal)))
            {
                return false;
            }
        }

        return true;
    }
}
