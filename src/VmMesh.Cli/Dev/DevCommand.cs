using System.CommandLine;

namespace VmMesh.Cli.Dev;

/// <summary>
/// `vmmesh dev [--base-port N]` runs the whole demo mesh on this machine (see <see cref="DevMesh"/>);
/// `vmmesh dev consul` runs only the embedded Consul.
/// </summary>
internal static class DevCommand
{
    public static Command Create()
    {
        var basePort = new Option<int>("--base-port")
        {
            Description = $"First loopback port of the mesh (Consul; the rest follow it); 0 picks free ports. Default {DevPorts.DefaultBase}.",
            DefaultValueFactory = _ => DevPorts.DefaultBase,
        };
        basePort.Validators.Add(result =>
        {
            if (result.Tokens is [var token] && int.TryParse(token.Value, out var value) && value != 0 && value is < 1 or > 65500)
            {
                result.AddError($"--base-port {value} leaves no room for the mesh's ports; use 0 or 1-65500.");
            }
        });
        var command = new Command("dev", "Run VmMesh on this machine: with no subcommand, the demo mesh (web -> api -> inventory) until Ctrl+C.") { basePort };
        command.Subcommands.Add(DevConsulCommand.Create());

        // A synchronous action: System.CommandLine then leaves Ctrl+C/SIGTERM to DevMesh, whose ordered shutdown can
        // take longer than the parser's termination timeout.
        command.SetAction(parseResult => DevMesh.Run(parseResult.GetValue(basePort)));
        return command;
    }
}
