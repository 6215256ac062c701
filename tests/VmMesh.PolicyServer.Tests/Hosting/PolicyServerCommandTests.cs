using VmMesh.PolicyServer.Hosting;

namespace VmMesh.PolicyServer.Tests.Hosting;

public sealed class PolicyServerCommandTests
{
    [Fact]
    public void Read_DevWithoutSwitches_UsesTheDocumentedDefaults()
    {
        var command = new PolicyServerCommand();

        var (options, errors) = command.Read(command.Root.Parse(["--dev"]));

        Assert.Empty(errors);
        Assert.Equal(new Uri("https://0.0.0.0:8443"), options!.Listen);
        Assert.Equal("vmmesh.local", options.TrustDomain.Name);
        Assert.Equal("dc1", options.Datacenter);
        Assert.Equal(TimeSpan.FromHours(24), options.LeafTtl);
        Assert.Equal(TimeSpan.FromSeconds(15), options.SessionTtl);
        Assert.Equal(TimeSpan.FromSeconds(5), options.LockDelay);
        Assert.Equal(8500, options.DevConsulPort);
        Assert.Null(options.Consul);
        Assert.Equal(["localhost", "127.0.0.1"], options.Advertise);
        Assert.Equal((200, 400, 32), (options.Signing.RatePerSecond, options.Signing.Burst, options.Signing.Concurrency));
    }

    [Fact]
    public void Read_ManyBadSwitches_ListsEveryError()
    {
        var command = new PolicyServerCommand();
        string[] args =
        [
            "--listen", "http://0.0.0.0:80", "--consul", "ftp://x", "--leaf-ttl", "30s", "--session-ttl", "soon",
            "--lock-delay", "5x", "--dev-consul-port", "70000", "--sign-rate", "0",
        ];

        var (options, errors) = command.Read(command.Root.Parse(args));

        Assert.Null(options);
        Assert.Equal(
            [
                "--listen \"http://0.0.0.0:80\" is not an https:// URL with host and port; use e.g. https://0.0.0.0:8443",
                "--consul \"ftp://x\" is not an http(s):// URL; use e.g. http://127.0.0.1:8500",
            ],
            errors.Take(2));
        Assert.Contains(errors, e => e.StartsWith("--leaf-ttl: ", StringComparison.Ordinal));
        Assert.Contains("--session-ttl \"soon\" is not a duration; use e.g. \"15s\", \"5m\" or \"24h\"", errors);
        Assert.Contains("--lock-delay \"5x\" is not a duration; use e.g. \"15s\", \"5m\" or \"24h\"", errors);
        Assert.Contains("--dev-consul-port 70000 is not a TCP port; use 0-65535 (0 picks a free one)", errors);
        Assert.Contains("--kek-file is required without --dev: create one with head -c 32 /dev/urandom > /etc/vmmesh/kek && chmod 600 /etc/vmmesh/kek, and pass the same file to every replica", errors);
        Assert.Contains("--sign-rate 0 is below 1; use a positive number", errors);
    }
}
