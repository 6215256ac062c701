namespace VmMesh.PolicyServer.Http;

/// <summary>Limits every request shares.</summary>
internal static class RequestLimits
{
    /// <summary>64 KiB: a CSR is about 0.5 KiB, an intentions document a few KiB.</summary>
    public const int MaxBodyBytes = 64 * 1024;
}
