using System.Collections.Concurrent;
using System.Diagnostics;
using System.Text;

namespace VmMesh.Testing;

/// <summary>
/// A real executable started for an end-to-end test: output captured line by line,
/// waits bounded by deadlines, and the process killed on dispose if it is still running.
/// </summary>
public sealed class ChildProcess : IAsyncDisposable
{
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _stdout = new();
    private readonly ConcurrentQueue<string> _stderr = new();
    private readonly TaskCompletionSource _exited = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChildProcess(Process process)
    {
        _process = process;
    }

    public int Id => _process.Id;

    public string Stdout => string.Join('\n', _stdout);

    public string Stderr => string.Join('\n', _stderr);

    public int ExitCode => _process.ExitCode;

    /// <summary>Whether the process has exited (killed, crashed or done).</summary>
    public bool HasExited => _exited.Task.IsCompleted;

    /// <summary>Starts `dotnet &lt;dll&gt; args…`.</summary>
    public static ChildProcess StartDotnet(string dll, IEnumerable<string> args, IDictionary<string, string>? environment = null) =>
        Start("dotnet", new[] { dll }.Concat(args), environment);

    /// <summary>Starts `fileName args…` (e.g. `ip netns exec &lt;ns&gt; dotnet …` for a host in a network namespace).</summary>
    public static ChildProcess Start(string fileName, IEnumerable<string> args, IDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(fileName)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        info.Environment["DOTNET_NOLOGO"] = "1";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        var process = new Process { StartInfo = info, EnableRaisingEvents = true };
        var child = new ChildProcess(process);
        process.OutputDataReceived += (_, e) => { if (e.Data is not null) child._stdout.Enqueue(e.Data); };
        process.ErrorDataReceived += (_, e) => { if (e.Data is not null) child._stderr.Enqueue(e.Data); };
        process.Exited += (_, _) => child._exited.TrySetResult();
        process.Start();
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return child;
    }

    /// <summary>Waits until stdout has a line containing <paramref name="text"/>, or fails naming what was seen.</summary>
    public async Task<string> WaitForOutputAsync(string text, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            var line = _stdout.FirstOrDefault(l => l.Contains(text, StringComparison.Ordinal));
            if (line is not null)
            {
                return line;
            }

            if (_exited.Task.IsCompleted)
            {
                break;
            }

            await Task.Delay(50);
        }

        throw new TimeoutException($"No output line containing '{text}' within {timeout}. stdout:\n{Stdout}\nstderr:\n{Stderr}");
    }

    /// <summary>Waits for the process to exit and returns its exit code.</summary>
    public async Task<int> WaitForExitAsync(TimeSpan timeout)
    {
        try
        {
            await _exited.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Process {Id} did not exit within {timeout}. stdout:\n{Stdout}\nstderr:\n{Stderr}");
        }

        await _process.WaitForExitAsync(); // drains the output streams
        return _process.ExitCode;
    }

    /// <summary>Sends a POSIX signal (e.g. INT for Ctrl+C, TERM for systemd stop).</summary>
    public async Task SignalAsync(string signal)
    {
        using var kill = Process.Start("kill", ["-" + signal, Id.ToString(System.Globalization.CultureInfo.InvariantCulture)]);
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
    }

    public async ValueTask DisposeAsync()
    {
        if (!_exited.Task.IsCompleted)
        {
            _process.Kill(entireProcessTree: true);
            await _exited.Task.WaitAsync(TimeSpan.FromSeconds(10));
        }

        _process.Dispose();
    }
}
