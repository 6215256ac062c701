using System.Text.Json.Nodes;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Configuration;

/// <summary>A valid sidecar.json in a temp folder (with its ca.pem) that a test edits by key path before loading.</summary>
internal sealed class ConfigFixture : IDisposable
{
    public const string ValidJson = """
        {
          "service":  { "name": "web", "id": "web-1", "port": 8080, "tags": ["blue"], "meta": { "version": "v1" },
                        "check": { "http": "http://127.0.0.1:8080/health", "interval": "10s" } },
          "inbound":  { "port": 15443, "advertiseAddress": "10.0.0.5" },
          "outbound": { "port": 15001, "upstreams": [ { "service": "api", "localPort": 9001 } ] },
          "admin":    { "port": 15000 },
          "consul":   { "address": "http://127.0.0.1:8500", "datacenter": "dc1", "tokenFile": null },
          "policyServer": { "address": "https://127.0.0.1:8443", "caFile": "ca.pem", "joinTokenFile": "join-token" },
          "dataDir":  "data"
        }
        """;

    private readonly TempDirectory _directory = new();

    public ConfigFixture()
    {
        _directory.WriteFile("ca.pem", "placeholder: the loader only checks that the file exists");
        Root = JsonNode.Parse(ValidJson)!.AsObject();
    }

    public string Directory => _directory.Path;

    public string ConfigPath => _directory.Combine("sidecar.json");

    public JsonObject Root { get; }

    public Dictionary<string, string> Environment { get; } = new(StringComparer.Ordinal);

    public string WriteFile(string relativePath, string content) => _directory.WriteFile(relativePath, content);

    /// <summary>Sets (or with null JSON removes) the value at a path like <c>outbound.upstreams[0].localPort</c>.</summary>
    public ConfigFixture Set(string path, string? json)
    {
        var segments = path.Replace("[", ".[", StringComparison.Ordinal).Split('.');
        JsonNode current = Root;
        for (var i = 0; i < segments.Length - 1; i++)
        {
            current = Step(current, segments[i]) ?? throw new InvalidOperationException($"no {segments[i]} in {path}");
        }

        var last = segments[^1];
        var value = json is null ? null : JsonNode.Parse(json);
        if (last.StartsWith('['))
        {
            var array = current.AsArray();
            var index = int.Parse(last.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture);
            while (array.Count <= index)
            {
                array.Add(null);
            }

            array[index] = value;
        }
        else if (json is null)
        {
            current.AsObject().Remove(last);
        }
        else
        {
            current.AsObject()[last] = value;
        }

        return this;
    }

    public SidecarConfigResult Load(params string[] extraArgs)
    {
        File.WriteAllText(ConfigPath, Root.ToJsonString());
        return LoadRaw(extraArgs);
    }

    public SidecarConfigResult LoadRaw(params string[] extraArgs) =>
        SidecarConfigLoader.Load(["--config", ConfigPath, .. extraArgs], Environment);

    public void Dispose() => _directory.Dispose();

    private static JsonNode? Step(JsonNode node, string segment) =>
        segment.StartsWith('[')
            ? node.AsArray()[int.Parse(segment.Trim('[', ']'), System.Globalization.CultureInfo.InvariantCulture)]
            : node.AsObject()[segment];
}
