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

        var hasAction = JsonShape.Has(element, "action");
        var hasPermissions = JsonShape.Has(element, "permissions");
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
            http = HttpMatchReader.Read(httpElement, httpPath, errors);
        }

        return new Permission(action, http ?? new HttpMatch());
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
}
