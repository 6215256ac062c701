using System.Net;
using Microsoft.Extensions.Logging.Abstractions;
using VmMesh.Identity.Renewal;
using VmMesh.Identity.Spiffe;
using VmMesh.Policy.Evaluation;
using VmMesh.Policy.Model;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Inbound;
using VmMesh.Sidecar.Outbound;

namespace VmMesh.Sidecar.Tests.Support;

/// <summary>
/// One in-process sidecar for a service: its certificate from <see cref="TestCa"/>, an inbound listener in front of
/// a local <see cref="EchoApp"/>, and an outbound listener that finds peers through <paramref name="endpoints"/>.
/// </summary>
internal sealed class Sidecar : IAsyncDisposable
{
    private Sidecar(string service, TestCa ca, EchoApp app, InboundServer inbound, OutboundServer outbound, CertificateStore certificates, IntentionStore intentions)
    {
        Service = service;
        Ca = ca;
        App = app;
        Inbound = inbound;
        Outbound = outbound;
        Certificates = certificates;
        Intentions = intentions;
    }

    public string Service { get; }

    public TestCa Ca { get; }

    public EchoApp App { get; }

    public InboundServer Inbound { get; }

    public OutboundServer Outbound { get; }

    public CertificateStore Certificates { get; }

    public IntentionStore Intentions { get; }

    public static async Task<Sidecar> StartAsync(string service, TestCa ca, IEndpointSource endpoints, IReadOnlyList<UpstreamOptions>? upstreams = null)
    {
        var timeout = TimeSpan.FromSeconds(30);
        var certificates = new CertificateStore();
        var certificate = ca.IssueWithKey(service);
        var notBefore = new DateTimeOffset(certificate.NotBefore).ToUniversalTime();
        var notAfter = new DateTimeOffset(certificate.NotAfter).ToUniversalTime();
        certificates.Publish(new IdentitySnapshot(ca.IdOf(service), certificate, ca.Bundle, notBefore, notAfter, RenewalSchedule.Next(notBefore, notAfter, new Random(1)), 1));
        var intentions = new IntentionStore();
        var app = await EchoApp.StartAsync(service);
        var inbound = await InboundServer.StartAsync(
            new IPEndPoint(IPAddress.Loopback, 0), ServiceName.Parse(service), app.Port, certificates, intentions, ca.Time, NullLoggerFactory.Instance, CancellationToken.None).WaitAsync(timeout);
        var outbound = await OutboundServer.StartAsync(
            new OutboundOptions(0, [.. upstreams ?? []]), "dc1", certificates, endpoints, ca.Time, new Random(5), NullLoggerFactory.Instance, CancellationToken.None).WaitAsync(timeout);
        return new Sidecar(service, ca, app, inbound, outbound, certificates, intentions);
    }

    /// <summary>Replaces this sidecar's intentions with one document: the listed sources get the listed action.</summary>
    public void SetIntentions(params (string Source, IntentionAction Action)[] sources) =>
        Intentions.Publish(IntentionSet.Create(
            [new IntentionDocument(Service, [.. sources.Select(s => new IntentionSource(s.Source, s.Action))])],
            MeshDefaults.DenyByDefault,
            new IntentionVersion(1)).GetValueOrThrow());

    /// <summary>A client as the local app uses it: HTTP_PROXY pointing at this sidecar's outbound port.</summary>
    public HttpClient ProxyClient() => new(new SocketsHttpHandler
    {
        Proxy = new WebProxy($"http://127.0.0.1:{Outbound.Port}"),
        UseProxy = true,
    }) { Timeout = TimeSpan.FromSeconds(30) };

    public async ValueTask DisposeAsync()
    {
        await Outbound.DisposeAsync();
        await Inbound.DisposeAsync();
        await App.DisposeAsync();
    }
}
