using System.Globalization;
using System.Text.RegularExpressions;
using VmMesh.Bench.Load;

namespace VmMesh.Bench;

/// <summary>
/// The command line: <c>vmmesh-bench --output-dir DIR [--run-id HEX] [--duration 10] [--warmup 3] [--threads 2]
/// [--connections 32,8]</c>. Every bad switch is listed at once.
/// </summary>
internal sealed partial record BenchOptions(string OutputDir, string RunId, IReadOnlyList<LoadProfile> Profiles)
{
    public static (BenchOptions? Options, IReadOnlyList<string> Errors) Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        var errors = new List<string>();
        string[] known = ["--output-dir", "--run-id", "--duration", "--warmup", "--threads", "--connections"];
        for (var i = 0; i < args.Count; i++)
        {
            if (!known.Contains(args[i]))
            {
                errors.Add($"unknown argument '{args[i]}'; use {string.Join(", ", known)}");
            }
            else if (i + 1 >= args.Count)
            {
                errors.Add($"{args[i]} needs a value");
            }
            else
            {
                values[args[i]] = args[++i];
            }
        }

        var outputDir = values.GetValueOrDefault("--output-dir");
        if (string.IsNullOrWhiteSpace(outputDir))
        {
            errors.Add("--output-dir is required, e.g. --output-dir artifacts/bench");
        }

        var runId = values.GetValueOrDefault("--run-id") ?? Guid.NewGuid().ToString("N")[..6];
        if (!RunIdPattern().IsMatch(runId))
        {
            errors.Add($"--run-id '{runId}' must be 1-6 lowercase hex digits (it goes into interface names of at most 15 characters)");
        }

        var duration = Seconds(values, "--duration", 10, errors);
        var warmup = Seconds(values, "--warmup", 3, errors);
        var threads = Positive(values, "--threads", 2, errors);
        var connections = new List<int>();
        foreach (var part in (values.GetValueOrDefault("--connections") ?? "32,8").Split(','))
        {
            if (int.TryParse(part, NumberStyles.None, CultureInfo.InvariantCulture, out var c) && c >= threads && c > 0)
            {
                connections.Add(c);
            }
            else
            {
                errors.Add($"--connections '{part}' is not a whole number of at least --threads ({threads.ToString(CultureInfo.InvariantCulture)}); use e.g. 32,8");
            }
        }

        if (errors.Count > 0)
        {
            return (null, errors);
        }

        var profiles = connections.Select(c => new LoadProfile(threads, c, TimeSpan.FromSeconds(warmup), TimeSpan.FromSeconds(duration))).ToList();
        return (new BenchOptions(Path.GetFullPath(outputDir!), runId, profiles), []);
    }

    private static int Seconds(Dictionary<string, string> values, string name, int fallback, List<string> errors)
    {
        var value = Positive(values, name, fallback, errors);
        if (value > 120)
        {
            errors.Add($"{name} {value.ToString(CultureInfo.InvariantCulture)} is over 120 s; the whole bench should stay within a few minutes");
        }

        return value;
    }

    private static int Positive(Dictionary<string, string> values, string name, int fallback, List<string> errors)
    {
        if (!values.TryGetValue(name, out var text))
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value > 0)
        {
            return value;
        }

        errors.Add($"{name} '{text}' is not a positive whole number");
        return fallback;
    }

    [GeneratedRegex("^[0-9a-f]{1,6}$")]
    private static partial Regex RunIdPattern();
}
