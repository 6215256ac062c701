using VmMesh.Testing;
using VmMesh.Cli.Tests.Support;

namespace VmMesh.Cli.Tests.Common;

/// <summary>The real command tree registers the policy-server groups and documents the exit codes.</summary>
public sealed class RootCommandTests
{
    [Fact]
    public void BuildRootCommand_RegistersPolicyServerGroups()
    {
        var root = CliApplication.BuildRootCommand();

        Assert.Equal(["dev", "token", "intention", "ca", "audit"], root.Subcommands.Select(c => c.Name));
        Assert.Equal(
            ["allow", "deny", "delete", "list", "get", "apply", "check"],
            root.Subcommands.Single(c => c.Name == "intention").Subcommands.Select(c => c.Name));
    }

    [Fact]
    public async Task Help_RealExecutable_ListsExitCodes()
    {
        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), ["--help"]);

        Assert.Equal(0, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains(string.Join("\n", VmMesh.Cli.Common.ExitCodesHelp.Lines), process.Stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task UnknownSwitch_RealExecutable_ExitsTwo()
    {
        await using var process = ChildProcess.StartDotnet(RepoPaths.Executable("VmMesh.Cli", "vmmesh"), ["token", "list", "--nope"]);

        Assert.Equal(2, await process.WaitForExitAsync(TimeSpan.FromSeconds(60)));
        Assert.Contains("vmmesh: Unrecognized command or argument '--nope'.", process.Stderr, StringComparison.Ordinal);
    }
}
