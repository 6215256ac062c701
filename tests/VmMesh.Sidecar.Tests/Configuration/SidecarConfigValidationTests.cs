namespace VmMesh.Sidecar.Tests.Configuration;

/// <summary>One bad value at a time in an otherwise valid file: exactly one error, with the exact text.</summary>
public sealed class SidecarConfigValidationTests : IDisposable
{
    private readonly ConfigFixture _config = new();

    public void Dispose() => _config.Dispose();

    [Theory]
    // unknown keys and camelCase
    [InlineData("Inbound", """{ "port": 1 }""", "sidecar.json: Inbound is not a known key; write 'inbound' (keys are camelCase)")]
    [InlineData("outbound.upstreams[0].local_port", "9001", "sidecar.json: outbound.upstreams[0].local_port is not a known key; remove it or use one of: service, localPort")]
    [InlineData("service.check.script", "\"x\"", "sidecar.json: service.check.script is not a known key; remove it or use one of: http, tcp, interval, timeout")]
    // types
    [InlineData("inbound", "15443", "sidecar.json: inbound is 15443; it must be an object { ... }")]
    [InlineData("inbound.port", "\"15443\"", "sidecar.json: inbound.port is \"15443\"; it must be a whole number")]
    [InlineData("inbound.port", "15443.5", "sidecar.json: inbound.port is 15443.5; it must be a whole number")]
    [InlineData("service.name", "7", "sidecar.json: service.name is 7; it must be a string in double quotes")]
    [InlineData("service.tags", "\"blue\"", "sidecar.json: service.tags is \"blue\"; it must be a list of strings [\"a\", \"b\"]")]
    [InlineData("service.tags[1]", "2", "sidecar.json: service.tags[1] is 2; it must be a string in double quotes")]
    [InlineData("service.meta", "[]", "sidecar.json: service.meta is []; it must be an object of strings { \"key\": \"value\" }")]
    [InlineData("service.meta.version", "1", "sidecar.json: service.meta.version is 1; it must be a string in double quotes")]
    [InlineData("outbound.upstreams", "{}", "sidecar.json: outbound.upstreams is {}; it must be a list of objects [{ ... }]")]
    [InlineData("outbound.upstreams[0]", "\"api\"", "sidecar.json: outbound.upstreams[0] is \"api\"; it must be an object { ... }")]
    // service
    [InlineData("service.name", null, "sidecar.json: service.name is missing; set the Consul service name, such as 'web'")]
    [InlineData("service.name", "\"Web\"", "sidecar.json: service.name is invalid: Service name 'Web' has invalid character 'W'; use lower-case letters, digits and '-'")]
    [InlineData("service.id", "\"web 1\"", "sidecar.json: service.id 'web 1' must be 1 to 128 characters without spaces or '/'; use the service name plus a suffix, such as 'web-1'")]
    [InlineData("service.port", null, "sidecar.json: service.port is missing; set the port the app listens on at 127.0.0.1, such as 8080")]
    [InlineData("service.port", "0", "sidecar.json: service.port 0 is not a port; choose a port from 1 to 65535")]
    [InlineData("service.meta.vmmesh-version", "\"1\"", "sidecar.json: service.meta.vmmesh-version is reserved; Consul owns 'consul-' keys and the sidecar sets 'vmmesh-version' itself, so choose another key")]
    [InlineData("service.meta.consul-x", "\"1\"", "sidecar.json: service.meta.consul-x is reserved; Consul owns 'consul-' keys and the sidecar sets 'vmmesh-version' itself, so choose another key")]
    [InlineData("service.meta.a b", "\"1\"", "sidecar.json: service.meta.a b has an invalid key; meta keys are 1 to 128 letters, digits, '-' or '_' (Consul's rule)")]
    [InlineData("service.check.http", "\"127.0.0.1:8080/health\"", "sidecar.json: service.check.http '127.0.0.1:8080/health' is not an absolute http:// or https:// URL; write the app's health URL, such as http://127.0.0.1:8080/health")]
    [InlineData("service.check.tcp", "\"127.0.0.1:8080\"", "sidecar.json: service.check must have exactly one of http or tcp; keep the one Consul should probe")]
    [InlineData("service.check.http", null, "sidecar.json: service.check must have exactly one of http or tcp; keep the one Consul should probe")]
    [InlineData("service.check.interval", "\"10\"", "sidecar.json: service.check.interval '10' is not a positive duration; write one such as \"10s\" or \"1m\"")]
    [InlineData("service.check.timeout", "\"-1s\"", "sidecar.json: service.check.timeout '-1s' is not a positive duration; write one such as \"10s\" or \"1m\"")]
    // listeners
    [InlineData("inbound.port", "-1", "sidecar.json: inbound.port -1 is not a port; choose a port from 1 to 65535 (0 picks a free port)")]
    [InlineData("inbound.bindAddress", "\"any\"", "sidecar.json: inbound.bindAddress 'any' is not an IP address; write one such as 0.0.0.0 (all interfaces) or 10.0.0.5")]
    [InlineData("inbound.advertiseAddress", "\"10.0.0.5:15443\"", "sidecar.json: inbound.advertiseAddress '10.0.0.5:15443' is not an IP address or host name; write the address other hosts reach this one at, such as 10.0.0.5")]
    [InlineData("outbound.port", "15443", "sidecar.json: outbound.port 15443 collides with inbound.port; choose another port")]
    [InlineData("admin.port", "8080", "sidecar.json: admin.port 8080 collides with service.port; choose another port")]
    [InlineData("outbound.upstreams[0].localPort", "15001", "sidecar.json: outbound.upstreams[0].localPort 15001 collides with outbound.port; choose another port")]
    [InlineData("outbound.upstreams[1]", """{ "service": "db", "localPort": 9001 }""", "sidecar.json: outbound.upstreams[1].localPort 9001 collides with outbound.upstreams[0].localPort; choose another port")]
    [InlineData("outbound.upstreams[0].localPort", null, "sidecar.json: outbound.upstreams[0].localPort is missing; set the loopback port the app calls for api, such as 9001")]
    [InlineData("outbound.upstreams[0].localPort", "0", "sidecar.json: outbound.upstreams[0].localPort 0 is not a port; choose a port from 1 to 65535")]
    [InlineData("outbound.upstreams[0].service", null, "sidecar.json: outbound.upstreams[0].service is missing; set the Consul service name, such as 'web'")]
    [InlineData("outbound.upstreams[0].service", "\"api_v2\"", "sidecar.json: outbound.upstreams[0].service is invalid: Service name 'api_v2' has invalid character '_'; use lower-case letters, digits and '-'")]
    // consul
    [InlineData("consul.address", "\"127.0.0.1:8500\"", "sidecar.json: consul.address '127.0.0.1:8500' is not an http:// or https:// URL with host and port only; write one such as http://127.0.0.1:8500")]
    [InlineData("consul.address", "\"http://127.0.0.1:8500/v1\"", "sidecar.json: consul.address 'http://127.0.0.1:8500/v1' is not an http:// or https:// URL with host and port only; write one such as http://127.0.0.1:8500")]
    [InlineData("consul.datacenter", "\"dc 1\"", "sidecar.json: consul.datacenter 'dc 1' must be 1 to 64 letters, digits, '-' or '_'; use the Consul datacenter name, such as 'dc1'")]
    [InlineData("consul.tokenFile", "\"consul-token\"", "sidecar.json: consul.tokenFile {dir}/consul-token does not exist; write the Consul ACL token there, or remove the key when Consul has no ACLs")]
    // policy server
    [InlineData("policyServer.address", "\"http://127.0.0.1:8443\"", "sidecar.json: policyServer.address 'http://127.0.0.1:8443' is not an https:// URL with host and port only; write one such as https://127.0.0.1:8443")]
    [InlineData("policyServer.address", null, "sidecar.json: policyServer.address is missing; set the policy server's HTTPS URL, such as https://127.0.0.1:8443")]
    [InlineData("policyServer.caFile", null, "sidecar.json: policyServer has neither caFile nor caFingerprint; set caFile to the mesh trust bundle (ca.pem) or caFingerprint to the root's sha256 fingerprint")]
    [InlineData("policyServer.caFile", "\"missing.pem\"", "sidecar.json: policyServer.caFile {dir}/missing.pem does not exist; copy the mesh trust bundle (ca.pem from the policy server) there, or set policyServer.caFingerprint instead")]
    [InlineData("policyServer.caFingerprint", "\"sha256:0000000000000000000000000000000000000000000000000000000000000000\"", "sidecar.json: policyServer has both caFile and caFingerprint; keep only one (caFile when the host has ca.pem, caFingerprint to pin the root on first contact)")]
    [InlineData("policyServer", """{ "address": "https://127.0.0.1:8443", "caFingerprint": "md5:00" }""", "sidecar.json: policyServer.caFingerprint 'md5:00' is malformed; write sha256:<64 hex digits of the root's DER>, as `vmmesh ca fingerprint` prints it")]
    [InlineData("dataDir", "\"ca.pem\"", "sidecar.json: dataDir {dir}/ca.pem is a file; point it at a directory the sidecar may create and own")]
    [InlineData("dataDir", "\"\"", "sidecar.json: dataDir '' is not a file path; write an absolute path or one relative to the config file")]
    public void Load_OneBadValue_ExactlyThatError(string path, string? json, string expected)
    {
        _config.Set(path, json);

        var result = _config.Load();

        Assert.Null(result.Options);
        Assert.Equal([expected.Replace("{dir}", _config.Directory, StringComparison.Ordinal)], result.Errors);
    }
}
