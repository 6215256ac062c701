namespace VmMesh.Installers.Tests.Ansible;

/// <summary>Static checks of ansible/: ansible-lint (production profile), the playbook's syntax, the roles' argument specs.</summary>
public sealed class AnsibleLintTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(4);

    [Fact]
    public async Task AnsibleLint_ProductionProfile_ReportsNoViolation()
    {
        var result = await AnsibleTool.RunAsync("ansible-lint", [], Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Passed with production profile: 0 failure(s), 0 warning(s)", result.Stdout + result.Stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task SitePlaybook_SyntaxCheckWithExampleInventory_Passes()
    {
        var result = await AnsibleTool.RunAsync("ansible-playbook", ["-i", "inventories/example", "playbooks/site.yml", "--syntax-check"], Timeout);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Equal("\nplaybook: playbooks/site.yml\n", result.Stdout);
    }

    [Theory]
    [InlineData("vmmesh_sidecar", "missing required arguments: vmmesh_sidecar_policy_server_address, vmmesh_sidecar_service_name, vmmesh_sidecar_service_port")]
    [InlineData("vmmesh_policy_server", "missing required arguments: vmmesh_policy_server_kek")]
    public async Task Role_RequiredVariablesMissing_StopsNamingThem(string role, string expected)
    {
        var playbook = Path.Combine(Path.GetTempPath(), $"vmmesh-ansible-args-{Guid.NewGuid():N}.yml");
        await File.WriteAllTextAsync(playbook, $"- name: Apply {role} without its required variables\n  hosts: localhost\n  connection: local\n  gather_facts: false\n  roles:\n    - role: {role}\n");
        try
        {
            var result = await AnsibleTool.RunAsync("ansible-playbook", ["-i", "localhost,", playbook], Timeout);

            Assert.Equal(2, result.ExitCode);
            Assert.Contains($"Validation of arguments failed:\\n{expected}\"", result.Stdout, StringComparison.Ordinal);
        }
        finally
        {
            File.Delete(playbook);
        }
    }
}
