namespace VmMesh.Identity.Authority;

/// <summary>Thrown by the CA when it will not issue; <see cref="Reason"/> is the stable code, the message says what to fix.</summary>
public sealed class CsrRejectedException : Exception
{
    public CsrRejectedException()
    {
    }

    public CsrRejectedException(string message)
        : base(message)
    {
    }

    public CsrRejectedException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    public CsrRejectedException(CsrRejection reason, string message, Exception? innerException = null)
        : base(message, innerException) => Reason = reason;

    public CsrRejection Reason { get; }
}
