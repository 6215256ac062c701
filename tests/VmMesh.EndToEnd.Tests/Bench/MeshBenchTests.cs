using System.Text.Json;
using VmMesh.Testing;

namespace VmMesh.EndToEnd.Tests.Bench;

/// <summary>
/// The README's `build.ps1 bench` measurement, run short: bench/mesh-bench.ps1 must bring up its two-namespace
/// topology, drive wrk straight to the app and through the sidecar pair, write its report and tear everything down.
/// Only correctness is asserted (every request answered, both paths measured, memory sampled); never a speed.
/// </summary>
public sealed class MeshBenchTests
{
    [Fact]
    public async Task MeshBench_ShortRun_MeasuresBothPathsWithoutErrorsAndCleansUp()
    {
        var output = Path.Combine(Path.GetTempPath(), "vmmesh-bench-test-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var bench = ChildProcess.Start("dotnet",
            [
                "pwsh", "-NoProfile", "-File", Path.Combine(RepoPaths.Root, "bench", "mesh-bench.ps1"),
                "-Configuration", RepoPaths.Configuration, "-OutputDir", output,
                "-DurationSeconds", "2", "-WarmupSeconds", "1", "-Threads", "1", "-Connections", "4",
            ]);
            var exitCode = await bench.WaitForExitAsync(TimeSpan.FromMinutes(6));
            Assert.True(exitCode == 0, $"mesh-bench exited {exitCode}:\n{bench.Stdout}\n{bench.Stderr}");

            using var report = JsonDocument.Parse(await File.ReadAllTextAsync(Path.Combine(output, "mesh-bench.json")));
            var profile = Assert.Single(report.RootElement.GetProperty("profiles").EnumerateArray());
            foreach (var path in new[] { "baseline", "mesh" })
            {
                var run = profile.GetProperty(path);
                Assert.True(run.GetProperty("requests").GetInt64() > 0, $"{path}: no request completed");
                Assert.Equal(0, run.GetProperty("httpErrors").GetInt64());
                Assert.All(run.GetProperty("socketErrors").EnumerateObject(), e => Assert.Equal(0, e.Value.GetInt64()));
            }

            Assert.Equal(["api", "web"], profile.GetProperty("sidecarsDuringMesh").EnumerateArray()
                .Select(s => s.GetProperty("process").GetString()).Order(StringComparer.Ordinal));
            Assert.All(profile.GetProperty("sidecarsDuringMesh").EnumerateArray(), s => Assert.True(s.GetProperty("peakRssMiB").GetDouble() > 0));
            Assert.True(File.Exists(Path.Combine(output, "mesh-bench.md")));

            // Nothing of the run is left: its namespaces are named vmmbench-<run id>-a/-b.
            var runId = report.RootElement.GetProperty("runId").GetString();
            var namespaces = await ChildProcessOutput("ip", "netns", "list");
            Assert.DoesNotContain($"vmmbench-{runId}", namespaces, StringComparison.Ordinal);
        }
        finally
        {
            if (Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    private static async Task<string> ChildProcessOutput(string file, params string[] args)
    {
        await using var process = ChildProcess.Start(file, args);
        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(30)));
        return process.Stdout;
    }
}
