namespace VmMesh.Sidecar.Identity;

/// <summary>
/// Holds the current <see cref="IdentitySnapshot"/>. Writers publish a complete snapshot; readers (TLS callbacks on
/// any thread) always see the latest whole one, so rotation drops no connection and rebuilds no pool.
/// </summary>
internal sealed class CertificateStore
{
    private IdentitySnapshot? _current;

    /// <summary>The current identity, or null before the first certificate.</summary>
    public IdentitySnapshot? Current => Volatile.Read(ref _current);

    /// <summary>The current identity; throws when called before start-up published one (a bug in start-up order).</summary>
    public IdentitySnapshot Required =>
        Current ?? throw new InvalidOperationException("No certificate yet; the listeners must start only after the identity is ready");

    public event Action<IdentitySnapshot>? Published;

    public void Publish(IdentitySnapshot snapshot)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        Volatile.Write(ref _current, snapshot);
        Published?.Invoke(snapshot);
    }
}
