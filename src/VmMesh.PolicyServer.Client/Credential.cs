namespace VmMesh.PolicyServer.Client;

/// <summary>Which Bearer token a call carries.</summary>
internal readonly record struct Credential(bool IsAdmin, string? JoinToken)
{
    public static Credential None => default;

    public static Credential Admin => new(true, null);

    public static Credential Join(string token) => new(false, token);

    // Never print a token.
    public override string ToString() => IsAdmin ? "admin" : JoinToken is null ? "none" : "join token";
}
