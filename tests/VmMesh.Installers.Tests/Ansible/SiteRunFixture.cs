using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using VmMesh.Installers.Tests.Support;
using VmMesh.Testing;

namespace VmMesh.Installers.Tests.Ansible;

/// <summary>
/// Runs ansible/playbooks/site.yml twice, for real, against one throwaway Debian 12 host (<see cref="NspawnTarget"/>)
/// that is both the policy server and a sidecar, with the debs from artifacts/packages and a dev Consul on the test
/// machine (`vmmesh dev consul`, shared through the common network namespace). The tests then read what the two runs
/// printed and what they left on the host. Every port is a free one, so other suites can run at the same time.
/// </summary>
public sealed class SiteRunFixture : IAsyncLifetime
{
    private static readonly TimeSpan BootTimeout = TimeSpan.FromMinutes(3);
    private static readonly TimeSpan PlaybookTimeout = TimeSpan.FromMinutes(8);

    // The Python the nsenter connection needs (Ansible's modules run inside the host) and python3-apt for `apt: deb=`.
    private static readonly string[] TargetPackages = ["python3", "python3-apt"];

    private readonly string _workDir = Path.Combine(Path.GetTempPath(), $"vmmesh-ansible-{Guid.NewGuid():N}");
    private ChildProcess? _consul;
    private DebianRoot? _root;
    private NspawnTarget? _target;

    public int ConsulPort { get; } = FreePort.Next();

    public int PolicyServerPort { get; } = FreePort.Next();

    public int SidecarAdminPort { get; } = FreePort.Next();

    public string Kek { get; } = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32));

    public CommandResult FirstRun { get; private set; } = new(-1, string.Empty, "not run");

    public CommandResult SecondRun { get; private set; } = new(-1, string.Empty, "not run");

    public NspawnTarget Target => _target ?? throw new InvalidOperationException("The target did not boot.");

    public DebianRoot Root => _root ?? throw new InvalidOperationException("The target root was not created.");

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_workDir);
        string[] debs = ["vmmesh-policy-server", "vmmesh-sidecar", "vmmesh-cli"];
        var packages = debs.ToDictionary(d => d, d => PackageArtifacts.Package($"{d}_{PackageArtifacts.Version}_amd64.deb"));

        _consul = ChildProcess.StartDotnet(
            RepoPaths.Executable("VmMesh.Cli", "vmmesh"),
            ["dev", "consul", "--port", ConsulPort.ToString(CultureInfo.InvariantCulture)]);
        await _consul.WaitForOutputAsync("Dev Consul listening on", TimeSpan.FromMinutes(1));

        _root = await DebianRoot.CreateAsync(TargetPackages);
        PrepareRoot(_root);
        _target = await NspawnTarget.BootAsync(_root, BootTimeout);

        var inventory = Path.Combine(_workDir, "hosts.yml");
        await File.WriteAllTextAsync(inventory, Inventory(packages));
        FirstRun = await RunSiteAsync(inventory);
        SecondRun = await RunSiteAsync(inventory);
    }

    public async Task DisposeAsync()
    {
        if (_target is not null)
        {
            await _target.DisposeAsync();
        }

        _root?.Dispose();
        if (_consul is not null)
        {
            await _consul.DisposeAsync();
        }

        Directory.Delete(_workDir, recursive: true);
    }

    private static Task<CommandResult> RunSiteAsync(string inventory) =>
        AnsibleTool.RunAsync(
            "ansible-playbook",
            ["-i", inventory, "playbooks/site.yml"],
            PlaybookTimeout,
            new Dictionary<string, string> { ["ANSIBLE_GATHER_SUBSET"] = "min" });

    private static void PrepareRoot(DebianRoot root)
    {
        // The cached root forbids maintainer scripts to start services (policy-rc.d, right for a chroot); this host
        // boots, so it behaves like a real one.
        File.Delete(root.HostPath("/usr/sbin/policy-rc.d"));
    }

    private string Inventory(IReadOnlyDictionary<string, string> packages)
    {
        // JSON is YAML: no quoting surprises in paths or the key.
        var policyServer = $"https://127.0.0.1:{PolicyServerPort.ToString(CultureInfo.InvariantCulture)}";
        var vars = new Dictionary<string, object>
        {
            ["ansible_connection"] = "community.docker.nsenter",
            ["ansible_nsenter_pid"] = Target.Pid1,
            ["ansible_python_interpreter"] = "/usr/bin/python3",
            ["vmmesh_policy_server_deb_src"] = packages["vmmesh-policy-server"],
            ["vmmesh_policy_server_cli_deb_src"] = packages["vmmesh-cli"],
            ["vmmesh_policy_server_kek"] = Kek,
            ["vmmesh_policy_server_listen"] = policyServer,
            ["vmmesh_policy_server_consul_address"] = $"http://127.0.0.1:{ConsulPort.ToString(CultureInfo.InvariantCulture)}",
            ["vmmesh_sidecar_deb_src"] = packages["vmmesh-sidecar"],
            ["vmmesh_sidecar_service_name"] = "web",
            ["vmmesh_sidecar_service_port"] = FreePort.Next(),
            ["vmmesh_sidecar_inbound_port"] = FreePort.Next(),
            ["vmmesh_sidecar_outbound_port"] = FreePort.Next(),
            ["vmmesh_sidecar_admin_port"] = SidecarAdminPort,
            ["vmmesh_sidecar_consul_address"] = $"http://127.0.0.1:{ConsulPort.ToString(CultureInfo.InvariantCulture)}",
            ["vmmesh_sidecar_policy_server_address"] = policyServer,
        };
        var inventory = new Dictionary<string, object>
        {
            ["all"] = new Dictionary<string, object>
            {
                ["vars"] = vars,
                ["children"] = new Dictionary<string, object>
                {
                    ["vmmesh_policy_servers"] = new Dictionary<string, object> { ["hosts"] = new Dictionary<string, object?> { ["target"] = null } },
                    ["vmmesh_sidecars"] = new Dictionary<string, object> { ["hosts"] = new Dictionary<string, object?> { ["target"] = null } },
                },
            },
        };
        return JsonSerializer.Serialize(inventory);
    }
}
