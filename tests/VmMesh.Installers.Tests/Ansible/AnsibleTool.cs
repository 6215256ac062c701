// The Ansible tests drive the real tools (ansible-lint, ansible-playbook) on the repository's ansible/ folder, as an
// operator would from that folder: its ansible.cfg and .ansible-lint apply. Output is plain text (no colours), so
// the PLAY RECAP and lint summary can be parsed.
using System.Diagnostics;
using System.Text;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>Runs an Ansible command in the repository's ansible/ folder with a deadline; the process tree is killed when it passes.</summary>
internal static class AnsibleTool
{
    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "ansible");

    public static async Task<CommandResult> RunAsync(
        string tool, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        var info = new ProcessStartInfo(tool)
        {
            WorkingDirectory = Directory,
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

        // Plain output whatever the terminal, and the repository's configuration whatever the caller's environment says.
        info.Environment["ANSIBLE_CONFIG"] = Path.Combine(Directory, "ansible.cfg");
        info.Environment["ANSIBLE_ROLES_PATH"] = Path.Combine(Directory, "roles");
        info.Environment["ANSIBLE_NOCOLOR"] = "1";
        info.Environment["ANSIBLE_FORCE_COLOR"] = "0";
        info.Environment["NO_COLOR"] = "1";
        info.Environment["PY_COLORS"] = "0";
        info.Environment["TERM"] = "dumb";
        info.Environment["LC_ALL"] = "C.UTF-8";
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            info.Environment[key] = value;
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start; is it installed (apt-get install ansible ansible-lint)?");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        try
        {
            await process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
            throw new TimeoutException($"{tool} {string.Join(' ', info.ArgumentList)} did not finish within {timeout}; stdout:\n{await stdout}\nstderr:\n{await stderr}");
        }

        return new CommandResult(process.ExitCode, await stdout.WaitAsync(timeout), await stderr.WaitAsync(timeout));
    }
}
