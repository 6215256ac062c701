// vmmesh-sidecar entry point: load and validate the configuration (every error printed, exit code 2, nothing
// started), then run the sidecar until it is told to stop.
using VmMesh.Sidecar;
using VmMesh.Sidecar.Configuration;

var config = SidecarConfigLoader.Load(args, SidecarConfigLoader.ProcessEnvironment());
if (!config.IsValid)
{
    foreach (var error in config.Errors)
    {
        await Console.Error.WriteLineAsync(error).ConfigureAwait(false);
    }

    await Console.Error.WriteLineAsync($"vmmesh-sidecar: {config.Errors.Count} configuration error(s); nothing was started").ConfigureAwait(false);
    return ExitCodes.InvalidConfiguration;
}

return ExitCodes.Success;
