// Reads the "http" block of a permission: path matchers, methods and header matchers, with every check and message.
using System.Text.Json;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Validation;

/// <summary>The part of <see cref="IntentionDocumentParser"/> that reads <see cref="HttpMatch"/> and <see cref="HeaderMatch"/>.</summary>
internal static class HttpMatchReader
{
    private static readonly string[] HttpKeys = ["pathExact", "pathPrefix", "pathRegex", "methods", "header"];
    private static readonly string[] PathKeys = ["pathExact", "pathPrefix", "pathRegex"];
    private static readonly string[] HeaderKeys = ["name", "present", "exact", "prefix", "suffix", "regex", "invert"];
    private static readonly string[] HeaderMatcherKeys = ["present", "exact", "prefix", "suffix", "regex"];

    public static HttpMatch? Read(JsonElement element, string path, ErrorCollector errors)
    {
        if (!JsonShape.IsObject(element, path, errors, "{\"pathPrefix\": \"/\", \"methods\": [\"GET\"]}"))
        {
            return null;
        }

        JsonShape.CheckKeys(element, path, HttpKeys, errors);
        var givenPaths = PathKeys.Where(k => JsonShape.Has(element, k)).ToList();
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
        if (givenPaths.Count == 0 && methods.Count == 0 && !hasHeaders && !JsonShape.HasNonEmptyArray(element, "methods"))
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

        var given = HeaderMatcherKeys.Where(k => JsonShape.Has(element, k)).ToList();
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
