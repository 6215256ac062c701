using System.Collections;

namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// Loads the sidecar's configuration from the file named by <c>--config</c> (or the default path), then the
/// <c>VMMESH_</c> environment variables, then command-line switches, and validates it. Returns the options or every
/// error, each starting with where the bad value came from: <c>sidecar.json: outbound.upstreams[1].localPort …</c>.
/// </summary>
internal static class SidecarConfigLoader
{
    public static SidecarConfigResult Load(IReadOnlyList<string> args, IReadOnlyDictionary<string, string> environment)
    {
        var commandLine = CommandLine.Parse(args);
        var errors = new List<string>(commandLine.Errors);
        var configPath = Path.GetFullPath(commandLine.ConfigPath ?? ConfigPaths.DefaultConfigFile);
        var label = Path.GetFileName(configPath);
        string json;
        try
        {
            json = File.ReadAllText(configPath);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            errors.Add($"{label}: {configPath} does not exist; create it or pass --config PATH");
            return SidecarConfigResult.Failed(errors);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            errors.Add($"{label}: {configPath} cannot be read ({ex.Message}); let the sidecar's user read it");
            return SidecarConfigResult.Failed(errors);
        }

        var configErrors = new List<ConfigError>();
        var overrides = EnvironmentOverrides.Read(environment).Concat(commandLine.Overrides);
        var document = ConfigDocument.Parse(label, json, overrides, configErrors);
        SidecarOptions? options = null;
        if (document.Root is not null)
        {
            options = SidecarOptionsReader.Read(document, configPath, ConfigPaths.DefaultDataDir, configErrors);
            SidecarOptionsValidator.Validate(options, configErrors);
        }

        errors.AddRange(configErrors.Select(e => $"{document.SourceOf(e.Path)}: {e.Message}"));
        return errors.Count == 0 ? new SidecarConfigResult(options, Array.Empty<string>()) : SidecarConfigResult.Failed(errors);
    }

    /// <summary>The process environment as a dictionary.</summary>
    public static IReadOnlyDictionary<string, string> ProcessEnvironment()
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (DictionaryEntry entry in Environment.GetEnvironmentVariables())
        {
            result[(string)entry.Key] = entry.Value as string ?? string.Empty;
        }

        return result;
    }
}
