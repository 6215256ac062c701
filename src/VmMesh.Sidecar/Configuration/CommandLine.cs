namespace VmMesh.Sidecar.Configuration;

/// <summary>
/// The sidecar's arguments: <c>--config PATH</c> and key overrides in the .NET configuration form
/// (<c>--inbound:port 15443</c> or <c>--inbound:port=15443</c>). Anything else is an error, not ignored.
/// </summary>
internal sealed record CommandLine(string? ConfigPath, IReadOnlyList<ConfigOverride> Overrides, IReadOnlyList<string> Errors)
{
    public const string Usage = "usage: vmmesh-sidecar [--config PATH] [--section:key VALUE ...]";

    public static CommandLine Parse(IReadOnlyList<string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        string? configPath = null;
        var overrides = new List<ConfigOverride>();
        var errors = new List<string>();
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            if (!arg.StartsWith("--", StringComparison.Ordinal) || arg.Length == 2)
            {
                errors.Add($"vmmesh-sidecar: unknown argument '{arg}'; {Usage}");
                continue;
            }

            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals < 0 ? arg[2..] : arg[2..equals];
            string? value = equals < 0 ? null : arg[(equals + 1)..];
            if (value is null)
            {
                if (i + 1 >= args.Count)
                {
                    errors.Add($"vmmesh-sidecar: --{name} needs a value; {Usage}");
                    continue;
                }

                value = args[++i];
            }

            if (string.Equals(name, "config", StringComparison.Ordinal))
            {
                configPath = value;
            }
            else if (name.Split(':') is { } segments && segments.All(s => s.Length > 0))
            {
                overrides.Add(new ConfigOverride(segments, value, $"--{name}"));
            }
            else
            {
                errors.Add($"vmmesh-sidecar: switch '--{name}' has an empty key segment; write keys as --section:key, such as --inbound:port");
            }
        }

        return new CommandLine(configPath, overrides, errors);
    }
}
