// The Ansible tests drive the real tools (ansible-lint, ansible-playbook) on the repository's ansible/ folder, as an
// operator would from that folder: its ansible.cfg and .ansible-lint apply. Output is plain text (no colours), so
// the PLAY RECAP and lint summary can be parsed.
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>Runs an Ansible command in the repository's ansible/ folder with a deadline; the process tree is killed when it passes.</summary>
internal static class AnsibleTool
{
    public static string Directory { get; } = Path.Combine(RepoPaths.Root, "ansible");

    public static Task<CommandResult> RunAsync(
        string tool, IEnumerable<string> args, TimeSpan timeout, IReadOnlyDictionary<string, string>? environment = null)
    {
        // Plain output whatever the terminal, and the repository's configuration whatever the caller's environment says.
        var env = new Dictionary<string, string>
        {
            ["ANSIBLE_CONFIG"] = Path.Combine(Directory, "ansible.cfg"),
            ["ANSIBLE_ROLES_PATH"] = Path.Combine(Directory, "roles"),
            ["ANSIBLE_NOCOLOR"] = "1",
            ["ANSIBLE_FORCE_COLOR"] = "0",
            ["NO_COLOR"] = "1",
            ["PY_COLORS"] = "0",
            ["TERM"] = "dumb",
            ["LC_ALL"] = "C.UTF-8",
        };
        foreach (var (key, value) in environment ?? new Dictionary<string, string>())
        {
            env[key] = value;
        }

        return HostCommand.RunAsync(tool, args, timeout, env, Directory, "install the Debian packages ansible and ansible-lint (build.ps1 test does)");
    }
}
