using System.Runtime.InteropServices;
using VmMesh.Bench;
using VmMesh.Bench.Report;

// vmmesh-bench: measures the mesh over two network namespaces and writes artifacts (see BenchSession). Ctrl+C or
// SIGTERM cancels the run; the topology is torn down either way before the process exits.
var (options, errors) = BenchOptions.Parse(args);
if (options is null)
{
    foreach (var error in errors)
    {
        await Console.Error.WriteLineAsync("vmmesh-bench: " + error);
    }

    return BenchExitCodes.Usage;
}

using var cancel = new CancellationTokenSource();
void OnSignal(PosixSignalContext context)
{
    context.Cancel = true;
    cancel.Cancel();
}

using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, OnSignal);
using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, OnSignal);

try
{
    var report = await new BenchSession(options, Console.Error).RunAsync(cancel.Token);
    Directory.CreateDirectory(options.OutputDir);
    var json = Path.Combine(options.OutputDir, "mesh-bench.json");
    var markdown = Path.Combine(options.OutputDir, "mesh-bench.md");
    await File.WriteAllTextAsync(json, ReportJson.Write(report) + "\n");
    await File.WriteAllTextAsync(markdown, ReportTable.Render(report, markdown: true));
    Console.WriteLine();
    Console.Write(ReportTable.Render(report, markdown: false));
    Console.WriteLine();
    Console.WriteLine($"Wrote {json} and {markdown}");
    return BenchExitCodes.Measured;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    await Console.Error.WriteLineAsync("vmmesh-bench: interrupted; every namespace and process it started has been removed.");
    return BenchExitCodes.Interrupted;
}
catch (BenchSetupException ex)
{
    await Console.Error.WriteLineAsync("vmmesh-bench: the bench could not run: " + ex.Message);
    return BenchExitCodes.CouldNotRun;
}
#pragma warning disable CA1031 // Whatever failed (a refused policy server call, an I/O error), the run is over and torn down: say why and exit 1.
catch (Exception ex)
#pragma warning restore CA1031
{
    await Console.Error.WriteLineAsync($"vmmesh-bench: the bench could not run: {ex.GetType().Name}: {ex.Message}\n{ex.StackTrace}");
    return BenchExitCodes.CouldNotRun;
}
