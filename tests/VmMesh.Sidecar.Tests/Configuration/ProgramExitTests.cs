using VmMesh.Sidecar.Tests.Support;

namespace VmMesh.Sidecar.Tests.Configuration;

/// <summary>The executable's contract for a bad config: every error on stderr, exit code 2, nothing started.</summary>
public sealed class ProgramExitTests
{
    [Fact]
    public void Main_InvalidConfig_PrintsEveryErrorAndExitsTwo()
    {
        using var directory = new TempDirectory();
        var path = directory.WriteFile("sidecar.json", """{ "service": { "name": "Web", "port": 8080 }, "admin": { "port": 8080 } }""");
        var stderr = new StringWriter();
        var original = Console.Error;
        int exitCode;
        Console.SetError(stderr);
        try
        {
            var entryPoint = typeof(VmMesh.Sidecar.ExitCodes).Assembly.EntryPoint!;
            exitCode = (int)entryPoint.Invoke(null, [new[] { "--config", path }])!;
        }
        finally
        {
            Console.SetError(original);
        }

        Assert.Equal(2, exitCode);
        Assert.Equal(
            [
                "sidecar.json: service.name is invalid: Service name 'Web' has invalid character 'W'; use lower-case letters, digits and '-'",
                "sidecar.json: policyServer.address is missing; set the policy server's HTTPS URL, such as https://127.0.0.1:8443",
                "sidecar.json: admin.port 8080 collides with service.port; choose another port",
                "sidecar.json: policyServer has neither caFile nor caFingerprint; set caFile to the mesh trust bundle (ca.pem) or caFingerprint to the root's sha256 fingerprint",
                "vmmesh-sidecar: 4 configuration error(s); nothing was started",
            ],
            stderr.ToString().Split(Environment.NewLine, StringSplitOptions.RemoveEmptyEntries));
    }
}
