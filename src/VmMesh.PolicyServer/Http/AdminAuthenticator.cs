using System.Security.Cryptography;
using System.Text;

namespace VmMesh.PolicyServer.Http;

/// <summary>
/// Checks the admin token in constant time: both sides are hashed to 32 bytes first, so neither the content nor the
/// length of the real token leaks through timing.
/// </summary>
internal sealed class AdminAuthenticator(string adminToken)
{
    public const string MissingMessage = "admin call needs Authorization: Bearer <admin token>; the token is in the admin-token file of the policy server's data directory";
    public const string InvalidMessage = "admin token is not valid; use the token from the admin-token file of the policy server's data directory";

    private readonly byte[] _expected = SHA256.HashData(Encoding.UTF8.GetBytes(adminToken));

    public void Require(HttpContext context)
    {
        var presented = BearerToken.Read(context) ?? throw ApiException.Unauthorized(MissingMessage);
        if (!CryptographicOperations.FixedTimeEquals(_expected, SHA256.HashData(Encoding.UTF8.GetBytes(presented))))
        {
            throw ApiException.Unauthorized(InvalidMessage);
        }
    }
}
