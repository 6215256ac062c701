using VmMesh.Identity.Authority;

namespace VmMesh.PolicyServer.Hosting;

/// <summary>Entry point: parse and validate every switch (exit 2 with all errors), start (exit 1 on a start-up problem), run until stopped.</summary>
internal static class PolicyServerProgram
{
    public static async Task<int> RunAsync(string[] args)
    {
        var command = new PolicyServerCommand();
        var parse = command.Root.Parse(args);
        if (parse.Action is not null && parse.Errors.Count == 0 && args.Any(a => a is "--help" or "-h" or "-?" or "--version"))
        {
            return await parse.InvokeAsync();
        }

        var errors = parse.Errors.Select(e => e.Message).ToList();
        PolicyServerOptions? options = null;
        if (errors.Count == 0)
        {
            (options, var optionErrors) = command.Read(parse);
            errors.AddRange(optionErrors);
        }

        if (errors.Count > 0)
        {
            foreach (var error in errors)
            {
                await Console.Error.WriteLineAsync($"vmmesh-policy-server: {error}");
            }

            await Console.Error.WriteLineAsync("Run 'vmmesh-policy-server --help' for usage.");
            return PolicyServerCommand.ExitInvalidArguments;
        }

        PolicyServerHost host;
        try
        {
            host = await PolicyServerHost.StartAsync(options!, new HostDependencies(TimeProvider.System, CryptoRandom.Instance, Console.Out), CancellationToken.None);
        }
        catch (StartupException ex)
        {
            await Console.Error.WriteLineAsync($"vmmesh-policy-server: {ex.Message}");
            return PolicyServerCommand.ExitStartupFailed;
        }

        await using (host)
        {
            await host.WaitForShutdownAsync(CancellationToken.None);
        }

        return 0;
    }
}
