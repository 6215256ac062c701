namespace VmMesh.EndToEnd.Tests.Support;

/// <summary>
/// The entry point when this test assembly runs as a process inside a host's namespace: `echo-app` (the app behind a
/// sidecar) or `load-client` (a steady, bounded stream of requests through a sidecar's outbound listener).
/// </summary>
public static class TestProgram
{
    public static Task<int> Main(string[] args)
    {
        ArgumentNullException.ThrowIfNull(args);
        return args.FirstOrDefault() switch
        {
            LoadClient.Verb => LoadClient.Main(args),
            _ => EchoApp.Main(args),
        };
    }
}
