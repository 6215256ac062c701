// Hosting: the sidecar's start-up and shutdown as one hosted service, in the order ARCHITECTURE.md gives:
// admin (reports not ready) → trust bundle from policyServer.caFile → key pair and certificate (cache or join token)
// → signed intention shards (cache, then the Consul KV watch) → inbound and outbound listeners → Consul
// registration → ready (UseSystemd sends READY=1 once StartAsync returns). Shutdown: not ready → stop the watches
// and the registration keeper → deregister → stop accepting and drain.
using System.Net;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using VmMesh.Consul;
using VmMesh.PolicyServer.Client;
using VmMesh.PolicyServer.Client.Trust;
using VmMesh.Sidecar.Admin;
using VmMesh.Sidecar.Authorization;
using VmMesh.Sidecar.Configuration;
using VmMesh.Sidecar.Discovery;
using VmMesh.Sidecar.Identity;
using VmMesh.Sidecar.Inbound;
using VmMesh.Sidecar.Outbound;
using VmMesh.Sidecar.Registration;

namespace VmMesh.Sidecar.Hosting;

/// <summary>Owns every part of a running sidecar and starts and stops them in order.</summary>
internal sealed partial class SidecarRuntime(SidecarOptions options, TimeProvider timeProvider, Random random, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private readonly ILogger _logger = loggerFactory.CreateLogger<SidecarRuntime>();
    private readonly CancellationTokenSource _stopping = new();
    private readonly AdminState _state = new();
    private readonly CertificateStore _certificates = new();
    private readonly IntentionStore _intentions = new();
    private readonly List<Task> _background = [];
    private ConsulClient? _consul;
    private PolicyServerClient? _policyServer;
    private ConsulEndpointSource? _endpoints;
    private AdminServer? _admin;
    private InboundServer? _inbound;
    private OutboundServer? _outbound;
    private SidecarRegistrations? _registrations;
    private int _disposed;

    public CertificateStore Certificates => _certificates;

    public AdminState State => _state;

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var token = options.Consul.TokenFile is { } tokenFile ? (await File.ReadAllTextAsync(tokenFile, cancellationToken).ConfigureAwait(false)).Trim() : null;
        _consul = new ConsulClient(new ConsulClientOptions
        {
            Address = options.Consul.Address,
            Datacenter = options.Consul.Datacenter,
            Token = token,
            TimeProvider = timeProvider,
            LoggerFactory = loggerFactory,
        });
        IntentionShards? shards = null;
        _admin = await AdminServer.StartAsync(options, _state, _certificates, () => shards?.Status ?? new IntentionStatus(null, null, null), loggerFactory, cancellationToken).ConfigureAwait(false);

        // Identity: the install-time bundle authenticates the policy server until its current roots are fetched.
        var trust = await LoadTrustAsync(cancellationToken).ConfigureAwait(false);
        var policyServerOptions = new PolicyServerClientOptions
        {
            ServerAddress = options.PolicyServer.Address,
            Trust = trust,
            ExpectedServerId = trust.PolicyServerId,
            ClientCertificate = () => _certificates.Current?.Certificate,
            TimeProvider = timeProvider,
        };
        _policyServer = new PolicyServerClient(policyServerOptions);
        var identity = new IdentityManager(
            new IdentitySettings(options.Service.Name, options.Consul.Datacenter, options.PolicyServer.JoinTokenFile, trust.Bundle),
            new PolicyServerCa(_policyServer, () => new PolicyServerClient(policyServerOptions)),
            _certificates,
            new IdentityCache(options.DataDir),
            timeProvider,
            random,
            loggerFactory.CreateLogger<IdentityManager>());
        await identity.StartAsync(cancellationToken).ConfigureAwait(false);
        _background.Add(identity.RunAsync(_stopping.Token));
        _background.Add(identity.RunRootsWatchAsync(_stopping.Token));

        // Intentions: the cached shards at once, then whatever Consul KV holds.
        shards = new IntentionShards(options.Service.Name, _certificates, _intentions, new IntentionCache(options.DataDir), timeProvider, loggerFactory.CreateLogger<IntentionShards>());
        shards.LoadCache();
        _background.Add(new IntentionWatcher(_consul, shards, loggerFactory.CreateLogger<IntentionWatcher>()).RunAsync(_stopping.Token));

        // Listeners.
        _inbound = await InboundServer.StartAsync(
            new IPEndPoint(options.Inbound.BindAddress, options.Inbound.Port), options.Service.Name, options.Service.Port,
            _certificates, _intentions, timeProvider, loggerFactory, cancellationToken).ConfigureAwait(false);
        _endpoints = new ConsulEndpointSource(_consul, new EndpointCache(options.DataDir), loggerFactory.CreateLogger<ConsulEndpointSource>());
        _outbound = await OutboundServer.StartAsync(
            options.Outbound, options.Consul.Datacenter, _certificates, _endpoints, timeProvider, random, loggerFactory, cancellationToken).ConfigureAwait(false);
        _state.InboundPort = _inbound.Port;
        _state.OutboundPort = _outbound.Port;

        // Registration: a Consul outage must not stop the data plane; the cached endpoints and intentions keep serving.
        _registrations = RegistrationBuilder.Build(options, _inbound.Port);
        var registrar = new ConsulRegistrar(_consul, loggerFactory.CreateLogger<ConsulRegistrar>());
        try
        {
            await registrar.RegisterAsync(_registrations, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is HttpRequestException or ConsulException or TaskCanceledException)
        {
            RegistrationFailed(_logger, options.Consul.Address.ToString(), ex.Message);
        }

        _background.Add(new RegistrationKeeper(_consul, registrar, _registrations, timeProvider, loggerFactory.CreateLogger<RegistrationKeeper>()).RunAsync(_stopping.Token));

        _state.Ready = true;
        Ready(_logger, options.Service.Name.Value, _inbound.Port, _outbound.Port, _admin.Port);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _state.Ready = false;

        // The watches and the registration keeper stop first, so nothing registers again while we deregister.
        await _stopping.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(_background).WaitAsync(cancellationToken).ConfigureAwait(false);
        if (_registrations is not null && _consul is not null)
        {
            try
            {
                await new ConsulRegistrar(_consul, loggerFactory.CreateLogger<ConsulRegistrar>()).DeregisterAsync(_registrations, cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is HttpRequestException or ConsulException or TaskCanceledException)
            {
                RegistrationFailed(_logger, options.Consul.Address.ToString(), ex.Message);
            }
        }

        // Stop accepting and drain in-flight requests until the host's shutdown timeout.
        await Task.WhenAll(
            _inbound?.StopAsync(cancellationToken) ?? Task.CompletedTask,
            _outbound?.StopAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
        await (_admin?.StopAsync(cancellationToken) ?? Task.CompletedTask).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        // The host disposes it both as a singleton and as the hosted service.
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        if (_inbound is not null)
        {
            await _inbound.DisposeAsync().ConfigureAwait(false);
        }

        if (_outbound is not null)
        {
            await _outbound.DisposeAsync().ConfigureAwait(false);
        }

        if (_endpoints is not null)
        {
            await _endpoints.DisposeAsync().ConfigureAwait(false);
        }

        if (_admin is not null)
        {
            await _admin.DisposeAsync().ConfigureAwait(false);
        }

        _policyServer?.Dispose();
        _consul?.Dispose();
        _stopping.Dispose();
    }

    private async Task<PolicyServerTrust> LoadTrustAsync(CancellationToken cancellationToken)
    {
        if (options.PolicyServer.CaFile is not { } caFile)
        {
            // A cached bundle from an earlier run is preferred over trusting on first contact again.
            var cached = new IdentityCache(options.DataDir).Load();
            try
            {
                if (cached is not null)
                {
                    return PolicyServerTrust.FromPem(cached.BundlePem);
                }
            }
            catch (FormatException)
            {
                // A damaged cache: pin again on contact, as on the first start.
            }

            return await PinnedTrust.FetchAsync(options.PolicyServer.Address, options.PolicyServer.CaFingerprint!, timeProvider, cancellationToken).ConfigureAwait(false);
        }

        try
        {
            return PolicyServerTrust.FromPem(await File.ReadAllTextAsync(caFile, cancellationToken).ConfigureAwait(false));
        }
        catch (FormatException ex)
        {
            throw new IdentityUnavailableException($"policyServer.caFile {caFile} is not a VmMesh trust bundle: {ex.Message}; copy ca.pem from the policy server again", ex);
        }
    }

    [LoggerMessage(700, LogLevel.Information, "Sidecar for {Service} ready: inbound {InboundPort}, outbound {OutboundPort}, admin {AdminPort}")]
    private static partial void Ready(ILogger logger, string service, int inboundPort, int outboundPort, int adminPort);

    [LoggerMessage(701, LogLevel.Warning, "Consul at {Address} did not take the registration change; traffic continues: {Reason}")]
    private static partial void RegistrationFailed(ILogger logger, string address, string reason);
}
