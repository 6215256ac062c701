namespace VmMesh.Sidecar.Identity;

/// <summary>The sidecar has no usable certificate and cannot get one; the message says what the operator must do.</summary>
internal sealed class IdentityUnavailableException : Exception
{
    public IdentityUnavailableException()
    {
    }

    public IdentityUnavailableException(string message)
        : base(message)
    {
    }

    public IdentityUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
