using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using VmMesh.Identity.Authority;
using VmMesh.Identity.Spiffe;
using VmMesh.Identity.Validation;

namespace VmMesh.PolicyServer.Tests.Support;

/// <summary>Raw HTTPS calls with a timeout each; the server must present the policy server's mesh certificate.</summary>
public sealed class ApiClient : IDisposable
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    private readonly HttpClient _http;

    public ApiClient(Uri address, Func<TrustBundle> bundle, TimeProvider time, X509Certificate2? clientCertificate = null)
    {
        var validator = new LeafValidator(time);
        var handler = new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                RemoteCertificateValidationCallback = (_, certificate, chain, errors) =>
                {
                    ServerCertificate = certificate is null ? null : X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
                    return validator.ValidateTlsPeer(bundle(), certificate, chain, errors, PeerRole.Server, SpiffeId.PolicyServer(bundle().TrustDomain)).IsValid;
                },
                LocalCertificateSelectionCallback = clientCertificate is null ? null : (_, _, _, _, _) => clientCertificate,
                ClientCertificates = clientCertificate is null ? null : [clientCertificate],
            },
        };
        _http = new HttpClient(handler) { BaseAddress = address, Timeout = System.Threading.Timeout.InfiniteTimeSpan };
    }

    /// <summary>The certificate the server presented in the last handshake.</summary>
    public X509Certificate2? ServerCertificate { get; private set; }

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, string? body = null, string? bearer = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (body is not null)
        {
            request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        }

        if (bearer is not null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", bearer);
        }

        using var cancel = new CancellationTokenSource(Timeout);
        using var response = await _http.SendAsync(request, cancel.Token).WaitAsync(Timeout);
        var text = await response.Content.ReadAsStringAsync(cancel.Token).WaitAsync(Timeout);
        return new ApiResponse((int)response.StatusCode, text, response.Headers, response.Content.Headers.ContentType?.MediaType);
    }

    public Task<ApiResponse> GetAsync(string path, string? bearer = null) => SendAsync(HttpMethod.Get, path, null, bearer);

    public void Dispose() => _http.Dispose();
}
