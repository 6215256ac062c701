using System.Diagnostics;
using System.Globalization;

namespace VmMesh.Cli.Dev;

/// <summary>
/// One part of the dev mesh run as <c>dotnet &lt;dll&gt; args…</c>: its stdout and stderr go line by line to a log file
/// (lines that carry the admin token are left out), and it is stopped with SIGTERM first so it can shut down gracefully.
/// </summary>
internal sealed class DevChild : IDisposable
{
    private const string SetsidPath = "/usr/bin/setsid";
    private const int MaxKeptLines = 1000;

    private readonly Process _process;
    private readonly StreamWriter _log;
    private readonly Lock _gate = new();
    private readonly List<string> _lines = [];

    private DevChild(string part, Process process, StreamWriter log, string logPath)
    {
        Part = part;
        _process = process;
        _log = log;
        LogPath = logPath;
    }

    public string Part { get; }

    public string LogPath { get; }

    public int Id => _process.Id;

    public bool HasExited => _process.HasExited;

    public static DevChild Start(string part, string dll, IEnumerable<string> args, string logDirectory)
    {
        var logPath = Path.Combine(logDirectory, part + ".log");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        // In its own session (setsid execs in place, so the pid is the child's), so a terminal's Ctrl+C reaches only
        // vmmesh, which then stops the parts in order: sidecars must deregister while Consul still runs.
        var setsid = OperatingSystem.IsLinux() && File.Exists(SetsidPath);
        var info = new ProcessStartInfo(setsid ? SetsidPath : "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (setsid)
        {
            info.ArgumentList.Add("dotnet");
        }

        info.ArgumentList.Add(dll);
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        var process = new Process { StartInfo = info };
        var child = new DevChild(part, process, log, logPath);
        process.OutputDataReceived += (_, e) => child.Record(e.Data);
        process.ErrorDataReceived += (_, e) => child.Record(e.Data);
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>True once the child printed a line containing <paramref name="text"/>.</summary>
    public bool HasPrinted(string text)
    {
        lock (_gate)
        {
            return _lines.Exists(l => l.Contains(text, StringComparison.Ordinal));
        }
    }

    /// <summary>The first line of output that mentions a failure (the cause, for a start-up error message), or null.</summary>
    public string? FirstFailureLine()
    {
        lock (_gate)
        {
            return _lines.Find(l => l.Contains("exception", StringComparison.OrdinalIgnoreCase) || l.Contains("error", StringComparison.OrdinalIgnoreCase));
        }
    }

    /// <summary>SIGTERM (graceful: a sidecar deregisters and drains), then a kill if it is still running after <paramref name="grace"/>.</summary>
    public async Task StopAsync(TimeSpan grace)
    {
        if (_process.HasExited)
        {
            return;
        }

        if (!OperatingSystem.IsWindows())
        {
            using var kill = Process.Start("kill", ["-TERM", Id.ToString(CultureInfo.InvariantCulture)]);
            await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }

        using var timeout = new CancellationTokenSource(OperatingSystem.IsWindows() ? TimeSpan.Zero : grace);
        try
        {
            await _process.WaitForExitAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(10)).ConfigureAwait(false);
        }
    }

    public void Dispose()
    {
        _process.Dispose();
        lock (_gate)
        {
            _log.Dispose();
        }
    }

    private void Record(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_gate)
        {
            // Only start-up lines are searched; a long demo run must not keep every request's log line in memory.
            if (_lines.Count < MaxKeptLines)
            {
                _lines.Add(line);
            }

            if (!line.StartsWith("Admin token", StringComparison.Ordinal))
            {
                try
                {
                    _log.WriteLine(line);
                }
                catch (ObjectDisposedException)
                {
                    // Output that arrives after the log was closed at shutdown is dropped.
                }
            }
        }
    }
}
