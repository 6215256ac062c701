using System.CommandLine;

namespace VmMesh.Cli.Dev;

/// <summary>`vmmesh dev …`: run VmMesh parts on one machine with nothing installed.</summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var command = new Command("dev", "Run VmMesh on this machine for development and demos.");
        command.Subcommands.Add(DevConsulCommand.Create());
        return command;
    }
}
