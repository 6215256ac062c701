using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;

namespace VmMesh.Policy.Tests.Support;

/// <summary>Short builders for intentions in tests.</summary>
internal static class Intentions
{
    public static IntentionDocument Doc(string destination, params IntentionSource[] sources) => new(destination, sources);

    public static IntentionSource Allow(string source) => new(source, IntentionAction.Allow);

    public static IntentionSource Deny(string source) => new(source, IntentionAction.Deny);

    public static IntentionSource L7(string source, params Permission[] permissions) => new(source, Permissions: permissions);

    public static Permission AllowIf(HttpMatch http) => new(IntentionAction.Allow, http);

    public static Permission DenyIf(HttpMatch http) => new(IntentionAction.Deny, http);

    public static IntentionSet Set(params IntentionDocument[] documents) => Set(MeshDefaults.DenyByDefault, documents);

    public static IntentionSet Set(MeshDefaults defaults, params IntentionDocument[] documents) =>
        IntentionSet.Create(documents, defaults, new IntentionVersion(1)).GetValueOrThrow();

    public static IntentionRequest L4(string source, string destination) => new(source, destination);

    public static IntentionRequest Http(string source, string destination, string method, string path, params (string Name, string Value)[] headers) =>
        new(source, destination, method, path, new IntentionHeaders(headers.Select(h => KeyValuePair.Create(h.Name, h.Value))));
}
