namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// <c>VMMESH_Section__Key=value</c> variables as overrides (the .NET convention: <c>__</c> separates keys, case does
/// not matter). A variable counts when its name has <c>__</c> or names a top-level key (<c>VMMESH_DataDir</c>); other
/// <c>VMMESH_</c> variables (e.g. <c>VMMESH_TEST_CONSUL_ADDR</c> of the test suites) belong to other tools and are ignored.
/// </summary>
internal static class EnvironmentOverrides
{
    public const string Prefix = "VMMESH_";

    public static IReadOnlyList<ConfigOverride> Read(IReadOnlyDictionary<string, string> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var overrides = new List<ConfigOverride>();
        foreach (var (name, value) in environment.OrderBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!name.StartsWith(Prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var key = name[Prefix.Length..];
            var segments = key.Split("__");
            var topLevel = ConfigSchema.Objects[ConfigSchema.Root].Contains(segments[0], StringComparer.OrdinalIgnoreCase);
            if (segments.Length > 1 || topLevel)
            {
                overrides.Add(new ConfigOverride(segments, value, name));
            }
        }

        return overrides;
    }
}
