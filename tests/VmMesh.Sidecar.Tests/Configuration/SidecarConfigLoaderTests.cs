using System.Net;
using VmMesh.Sidecar.Configuration;

namespace VmMesh.Sidecar.Tests.Configuration;

public sealed class SidecarConfigLoaderTests : IDisposable
{
    private readonly ConfigFixture _config = new();

    public void Dispose() => _config.Dispose();

    [Fact]
    public void Load_ArchitectureExample_ReadsEveryValue()
    {
        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var options = result.Options;
        Assert.Equal("web", options.Service.Name.Value);
        Assert.Equal("web-1", options.Service.Id);
        Assert.Equal(8080, options.Service.Port);
        Assert.Equal(["blue"], options.Service.Tags.ToArray());
        Assert.Equal("v1", options.Service.Meta["version"]);
        Assert.Equal(new Uri("http://127.0.0.1:8080/health"), options.Service.Check!.Http);
        Assert.Null(options.Service.Check.Tcp);
        Assert.Equal(TimeSpan.FromSeconds(10), options.Service.Check.Interval);
        Assert.Equal(TimeSpan.FromSeconds(5), options.Service.Check.Timeout);
        Assert.Equal(new InboundOptions(15443, IPAddress.Any, "10.0.0.5"), options.Inbound);
        Assert.Equal(15001, options.Outbound.Port);
        Assert.Equal("api", Assert.Single(options.Outbound.Upstreams).Service.Value);
        Assert.Equal(9001, options.Outbound.Upstreams[0].LocalPort);
        Assert.Equal(new AdminOptions(15000), options.Admin);
        Assert.Equal(new ConsulOptions(new Uri("http://127.0.0.1:8500"), "dc1", null), options.Consul);
        Assert.Equal(
            new PolicyServerOptions(new Uri("https://127.0.0.1:8443"), Path.Combine(_config.Directory, "ca.pem"), null, Path.Combine(_config.Directory, "join-token")),
            options.PolicyServer);
        Assert.Equal(Path.Combine(_config.Directory, "data"), options.DataDir);
        Assert.Equal(_config.ConfigPath, options.ConfigPath);
    }

    [Fact]
    public void Load_MinimalFile_AppliesDefaults()
    {
        _config.Root.Clear();
        _config.Set("service", """{ "name": "web", "port": 8080 }""")
            .Set("policyServer", """{ "address": "https://ps.example:8443", "caFingerprint": "sha256:ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef0123456789" }""");

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var options = result.Options;
        Assert.Equal("web", options.Service.Id);
        Assert.Empty(options.Service.Tags);
        Assert.Empty(options.Service.Meta);
        Assert.Null(options.Service.Check);
        Assert.Equal(new InboundOptions(15443, IPAddress.Any, null), options.Inbound);
        Assert.Equal(15001, options.Outbound.Port);
        Assert.Empty(options.Outbound.Upstreams);
        Assert.Equal(15000, options.Admin.Port);
        Assert.Equal(new ConsulOptions(new Uri("http://127.0.0.1:8500"), "dc1", null), options.Consul);
        Assert.Equal("sha256:abcdef0123456789abcdef0123456789abcdef0123456789abcdef0123456789", options.PolicyServer.CaFingerprint);
        Assert.Null(options.PolicyServer.CaFile);
        Assert.Null(options.PolicyServer.JoinTokenFile);
        Assert.Equal(ConfigPaths.DefaultDataDir, options.DataDir);
    }

    [Fact]
    public void Load_CommentsAndTrailingCommas_Accepted()
    {
        File.WriteAllText(_config.ConfigPath, ConfigFixture.ValidJson.Replace("\"admin\":    { \"port\": 15000 },", "// the admin port\n\"admin\": { \"port\": 15100, },", StringComparison.Ordinal));

        var result = _config.LoadRaw();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(15100, result.Options.Admin.Port);
    }

    [Fact]
    public void Load_EnvironmentOverrides_WinOverFileInAnyCase()
    {
        _config.Environment["VMMESH_Inbound__Port"] = "16443";
        _config.Environment["VMMESH_OUTBOUND__UPSTREAMS__0__LOCALPORT"] = "9002";
        _config.Environment["VMMESH_Outbound__Upstreams__1__Service"] = "inventory";
        _config.Environment["VMMESH_Outbound__Upstreams__1__LocalPort"] = "9003";
        _config.Environment["VMMESH_Service__Meta__Zone"] = "b";
        _config.Environment["VMMESH_Service__Tags__1"] = "canary";

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        var options = result.Options;
        Assert.Equal(16443, options.Inbound.Port);
        Assert.Equal([9002, 9003], options.Outbound.Upstreams.Select(u => u.LocalPort));
        Assert.Equal(["api", "inventory"], options.Outbound.Upstreams.Select(u => u.Service.Value));
        Assert.Equal("b", options.Service.Meta["Zone"]);
        Assert.Equal(["blue", "canary"], options.Service.Tags.ToArray());
    }

    [Fact]
    public void Load_RelativePathFromEnvironment_IsRelativeToConfigFile()
    {
        _config.Environment["VMMESH_DataDir"] = "state/sidecar";

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(Path.Combine(_config.Directory, "state", "sidecar"), result.Options.DataDir);
    }

    [Fact]
    public void Load_EmptyOverride_RemovesKey()
    {
        _config.Environment["VMMESH_PolicyServer__CaFile"] = string.Empty;
        _config.Environment["VMMESH_PolicyServer__CaFingerprint"] = "sha256:" + new string('a', 64);

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Null(result.Options.PolicyServer.CaFile);
        Assert.Equal("sha256:" + new string('a', 64), result.Options.PolicyServer.CaFingerprint);
    }

    [Fact]
    public void Load_OtherToolsVariables_Ignored()
    {
        _config.Environment["VMMESH_TEST_CONSUL_ADDR"] = "http://127.0.0.1:1";
        _config.Environment["VMMESH_ADMIN_TOKEN"] = "not for the sidecar";

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
    }

    [Fact]
    public void Load_CommandLineSwitch_WinsOverEnvironment()
    {
        _config.Environment["VMMESH_Admin__Port"] = "15100";

        var result = _config.Load("--admin:port", "15200", "--inbound:advertiseAddress=10.0.0.9");

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(15200, result.Options.Admin.Port);
        Assert.Equal("10.0.0.9", result.Options.Inbound.AdvertiseAddress);
    }

    [Fact]
    public void Load_PortZero_AllowedForListeners()
    {
        _config.Set("inbound.port", "0").Set("outbound.port", "0").Set("admin.port", "0");

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal((0, 0, 0), (result.Options.Inbound.Port, result.Options.Outbound.Port, result.Options.Admin.Port));
    }

    [Fact]
    public void Load_TcpCheck_Read()
    {
        _config.Set("service.check", """{ "tcp": "127.0.0.1:8080", "interval": "5s", "timeout": "1s" }""");

        var result = _config.Load();

        Assert.True(result.IsValid, string.Join("\n", result.Errors));
        Assert.Equal(new CheckOptions(null, "127.0.0.1:8080", TimeSpan.FromSeconds(5), TimeSpan.FromSeconds(1)), result.Options.Service.Check);
    }

    [Fact]
    public void Load_SeveralProblems_ListsEveryOneInOrder()
    {
        _config.Set("outbound.upstreams[1]", """{ "service": "inventory", "localPort": 15001 }""")
            .Set("inbound.port", "70000")
            .Set("service.nmae", "\"web\"");

        var result = _config.Load();

        Assert.False(result.IsValid);
        Assert.Null(result.Options);
        Assert.Equal(
            [
                "sidecar.json: service.nmae is not a known key; remove it or use one of: name, id, port, tags, meta, check",
                "sidecar.json: inbound.port 70000 is not a port; choose a port from 1 to 65535 (0 picks a free port)",
                "sidecar.json: outbound.upstreams[1].localPort 15001 collides with outbound.port; choose another port",
            ],
            result.Errors);
    }

    [Fact]
    public void Load_BadValueFromEnvironment_NamesTheVariable()
    {
        _config.Environment["VMMESH_Inbound__Port"] = "http";
        _config.Environment["VMMESH_Admin__Port"] = "15001";

        var result = _config.Load();

        Assert.Equal(
            [
                "VMMESH_Inbound__Port: inbound.port is \"http\"; it must be a whole number",
                "VMMESH_Admin__Port: admin.port 15001 collides with outbound.port; choose another port",
            ],
            result.Errors);
    }

    [Fact]
    public void Load_UnknownKeyFromEnvironment_NamesTheVariable()
    {
        _config.Environment["VMMESH_Inbound__Prot"] = "1";

        var result = _config.Load();

        Assert.Equal(["VMMESH_Inbound__Prot: inbound.Prot is not a known key; remove it or use one of: port, bindAddress, advertiseAddress"], result.Errors);
    }

    [Fact]
    public void Load_OverrideIntoScalar_Reported()
    {
        _config.Environment["VMMESH_DataDir__Sub"] = "x";

        var result = _config.Load();

        Assert.Equal(["VMMESH_DataDir__Sub: dataDir is \"data\", not an object, so it has no key 'Sub'; remove the override or fix the file"], result.Errors);
    }

    [Fact]
    public void Load_OverrideWithBadIndex_Reported()
    {
        _config.Environment["VMMESH_Outbound__Upstreams__first__Service"] = "x";

        var result = _config.Load();

        Assert.Equal(["VMMESH_Outbound__Upstreams__first__Service: outbound.upstreams is a list, so 'first' must be an item index from 0 to 999; use the item's position (0 for the first)"], result.Errors);
    }

    [Fact]
    public void Load_MissingFile_SaysHowToFixIt()
    {
        var result = _config.LoadRaw();

        Assert.Equal([$"sidecar.json: {_config.ConfigPath} does not exist; create it or pass --config PATH"], result.Errors);
    }

    [Fact]
    public void Load_InvalidJson_NamesLineAndColumn()
    {
        File.WriteAllText(_config.ConfigPath, "{\n  \"service\": { \"name\": \"web\" \"port\": 8080 }\n}");

        var result = _config.LoadRaw();

        Assert.Equal(["sidecar.json: not valid JSON at line 2, column 30 ('\"' is invalid after a value); fix the syntax there"], result.Errors);
    }

    [Fact]
    public void Load_DuplicateKey_Rejected()
    {
        File.WriteAllText(_config.ConfigPath, """{ "admin": { "port": 1 }, "admin": { "port": 2 } }""");

        var result = _config.LoadRaw();

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("sidecar.json: not valid JSON at line 1, column ", error, StringComparison.Ordinal);
        Assert.Contains("admin", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Load_TopLevelNotObject_Reported()
    {
        File.WriteAllText(_config.ConfigPath, "[1, 2]");

        var result = _config.LoadRaw();

        Assert.Equal(
            [
                "sidecar.json: holds [1,2] at the top; write one JSON object such as { \"service\": { ... } }",
                "sidecar.json: service is missing; add \"service\": { \"name\": \"web\", \"port\": 8080 } for the app this sidecar fronts",
                "sidecar.json: policyServer.address is missing; set the policy server's HTTPS URL, such as https://127.0.0.1:8443",
                "sidecar.json: policyServer has neither caFile nor caFingerprint; set caFile to the mesh trust bundle (ca.pem) or caFingerprint to the root's sha256 fingerprint",
            ],
            result.Errors);
    }

    [Theory]
    [InlineData("--bogus", "vmmesh-sidecar: --bogus needs a value; usage: vmmesh-sidecar [--config PATH] [--section:key VALUE ...]")]
    [InlineData("positional", "vmmesh-sidecar: unknown argument 'positional'; usage: vmmesh-sidecar [--config PATH] [--section:key VALUE ...]")]
    [InlineData("--inbound::port=1", "vmmesh-sidecar: switch '--inbound::port' has an empty key segment; write keys as --section:key, such as --inbound:port")]
    public void Load_BadArgument_Reported(string argument, string expected)
    {
        var result = _config.Load(argument);

        Assert.Equal([expected], result.Errors);
    }
}
