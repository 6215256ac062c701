using VmMesh.Consul.Watches;

namespace VmMesh.Consul.Tests.Http;

public sealed class OptionsValidationTests
{
    [Fact]
    public void Constructor_SeveralBadSettings_ListsEveryProblem()
    {
        var options = new ConsulClientOptions
        {
            Address = new Uri("ftp://consul:21"),
            RequestTimeout = TimeSpan.Zero,
            MaxRetryAttempts = -1,
            Watch = new WatchOptions { Burst = 0 },
        };

        var error = Assert.Throws<ArgumentException>(() => new ConsulClient(options));

        Assert.Equal(
            string.Join(
                Environment.NewLine,
                "ConsulClientOptions.Address 'ftp://consul/' is not an absolute http(s) URI; use e.g. http://127.0.0.1:8500.",
                "ConsulClientOptions.RequestTimeout 00:00:00 is not positive; use a duration above zero.",
                "ConsulClientOptions.MaxRetryAttempts -1 is negative; use 0 to disable retries.",
                "ConsulClientOptions.Watch.Burst 0 is below 1; use at least 1 (default 2).") + " (Parameter 'options')",
            error.Message);
    }

    [Fact]
    public void Constructor_Defaults_Valid()
    {
        using var client = new ConsulClient(new ConsulClientOptions());

        Assert.Equal(new Uri("http://127.0.0.1:8500/"), client.Options.Address);
    }
}
