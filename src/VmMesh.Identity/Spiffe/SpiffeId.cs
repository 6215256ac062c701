using System.Diagnostics.CodeAnalysis;
using System.Text;

namespace VmMesh.Identity.Spiffe;

/// <summary>
/// A workload SPIFFE ID, <c>spiffe://&lt;trust-domain&gt;/&lt;path&gt;</c>, parsed by the go-spiffe rules plus the
/// X.509-SVID rules for leaves: scheme exactly <c>spiffe</c>, a valid <see cref="Spiffe.TrustDomain"/> with no port or
/// user info, a non-empty path whose segments are letters, digits, '.', '-' and '_' (no empty, '.' or '..'
/// segments, no trailing '/'), no query, no fragment, at most 2048 bytes. Compared ordinally.
/// </summary>
public sealed class SpiffeId : IEquatable<SpiffeId>
{
    /// <summary>The SPIFFE specification's limit on an ID's length.</summary>
    public const int MaxLengthBytes = 2048;

    internal const string Prefix = "spiffe://";

    private readonly string _value;

    private SpiffeId(TrustDomain trustDomain, string path)
    {
        TrustDomain = trustDomain;
        Path = path;
        _value = trustDomain.IdString + path;
    }

    public TrustDomain TrustDomain { get; }

    /// <summary>The path, starting with '/', e.g. <c>/ns/default/dc/dc1/svc/web</c>.</summary>
    public string Path { get; }

    public static SpiffeId Parse(string value) =>
        TryParse(value, out var id, out var error) ? id : throw new FormatException(error);

    public static bool TryParse(string? value, [NotNullWhen(true)] out SpiffeId? id) => TryParse(value, out id, out _);

    public static bool TryParse(
        string? value,
        [NotNullWhen(true)] out SpiffeId? id,
        [NotNullWhen(false)] out string? error)
    {
        id = null;
        error = Validate(value, out var trustDomain, out var path);
        if (error is not null)
        {
            return false;
        }

        id = new SpiffeId(trustDomain!, path!);
        return true;
    }

    /// <summary>
    /// The ID of a mesh service: <c>spiffe://&lt;td&gt;/ns/default/dc/&lt;dc&gt;/svc/&lt;name&gt;</c>, the same shape Consul
    /// Connect uses, so Consul users recognise it.
    /// </summary>
    public static SpiffeId ForService(TrustDomain trustDomain, string datacenter, ServiceName serviceName)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        ArgumentNullException.ThrowIfNull(serviceName);
        var datacenterError = ValidateDatacenter(datacenter);
        if (datacenterError is not null)
        {
            throw new ArgumentException(datacenterError, nameof(datacenter));
        }

        return new SpiffeId(trustDomain, $"/ns/default/dc/{datacenter}/svc/{serviceName.Value}");
    }

    /// <summary>The policy server's own ID: <c>spiffe://&lt;td&gt;/vmmesh/policy-server</c>.</summary>
    public static SpiffeId PolicyServer(TrustDomain trustDomain)
    {
        ArgumentNullException.ThrowIfNull(trustDomain);
        return new SpiffeId(trustDomain, "/vmmesh/policy-server");
    }

    /// <summary>Reads the service name from a service ID made by <see cref="ForService"/>; false for any other shape.</summary>
    public bool TryGetServiceName([NotNullWhen(true)] out ServiceName? serviceName)
    {
        serviceName = null;
        return TryGetServiceParts(out _, out var name) && ServiceName.TryParse(name, out serviceName);
    }

    /// <summary>Reads the datacenter from a service ID made by <see cref="ForService"/>; false for any other shape.</summary>
    public bool TryGetDatacenter([NotNullWhen(true)] out string? datacenter)
    {
        datacenter = null;
        if (!TryGetServiceParts(out var dc, out var name) || !ServiceName.TryParse(name, out _))
        {
            return false;
        }

        datacenter = dc;
        return true;
    }

    public Uri ToUri() => new(_value, UriKind.Absolute);

    public override string ToString() => _value;

    public bool Equals(SpiffeId? other) => other is not null && string.Equals(_value, other._value, StringComparison.Ordinal);

    public override bool Equals(object? obj) => Equals(obj as SpiffeId);

    public override int GetHashCode() => StringComparer.Ordinal.GetHashCode(_value);

    public static bool operator ==(SpiffeId? left, SpiffeId? right) => left is null ? right is null : left.Equals(right);

    public static bool operator !=(SpiffeId? left, SpiffeId? right) => !(left == right);

    private bool TryGetServiceParts([NotNullWhen(true)] out string? datacenter, [NotNullWhen(true)] out string? name)
    {
        datacenter = null;
        name = null;
        var segments = Path.Split('/');
        // "/ns/default/dc/<dc>/svc/<name>" splits into ["", "ns", "default", "dc", <dc>, "svc", <name>].
        if (segments.Length != 7 || segments[1] != "ns" || segments[2] != "default" || segments[3] != "dc" || segments[5] != "svc")
        {
            return false;
        }

        datacenter = segments[4];
        name = segments[6];
        return true;
    }

    /// <summary>Datacenter names as Consul accepts them: letters, digits, '-' and '_', at most 64 characters.</summary>
    internal static string? ValidateDatacenter(string? datacenter)
    {
        if (string.IsNullOrEmpty(datacenter))
        {
            return "Datacenter is empty; use the Consul datacenter name, such as 'dc1'";
        }

        if (datacenter.Length > 64)
        {
            return $"Datacenter '{CharDisplay.Escape(datacenter)}' is {datacenter.Length} characters long; the limit is 64";
        }

        foreach (var c in datacenter)
        {
            if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '-' or '_'))
            {
                return $"Datacenter '{CharDisplay.Escape(datacenter)}' has invalid character {CharDisplay.Quote(c)}; use letters, digits, '-' and '_'";
            }
        }

        return null;
    }

    private static string? Validate(string? value, out TrustDomain? trustDomain, out string? path)
    {
        trustDomain = null;
        path = null;
        if (string.IsNullOrEmpty(value))
        {
            return "SPIFFE ID is empty; expected spiffe://<trust-domain>/<path>";
        }

        // Checked first so an oversized input is never echoed back into a log line.
        var bytes = Encoding.UTF8.GetByteCount(value);
        if (bytes > MaxLengthBytes)
        {
            return $"SPIFFE ID is {bytes} bytes long; the limit is {MaxLengthBytes} bytes";
        }

        var shown = CharDisplay.Escape(value);
        if (!value.StartsWith(Prefix, StringComparison.Ordinal))
        {
            var schemeEnd = value.IndexOf("://", StringComparison.Ordinal);
            return schemeEnd > 0
                ? $"SPIFFE ID '{shown}' has scheme '{CharDisplay.Escape(value[..schemeEnd])}'; the scheme must be 'spiffe' (lower case)"
                : $"SPIFFE ID '{shown}' must start with 'spiffe://'";
        }

        if (value.Contains('?', StringComparison.Ordinal))
        {
            return $"SPIFFE ID '{shown}' has a query ('?'); SPIFFE IDs must not have one";
        }

        if (value.Contains('#', StringComparison.Ordinal))
        {
            return $"SPIFFE ID '{shown}' has a fragment ('#'); SPIFFE IDs must not have one";
        }

        var rest = value.AsSpan(Prefix.Length);
        var slash = rest.IndexOf('/');
        var authority = (slash < 0 ? rest : rest[..slash]).ToString();
        if (authority.Length == 0)
        {
            return $"SPIFFE ID '{shown}' has an empty trust domain";
        }

        if (authority.Contains('@', StringComparison.Ordinal))
        {
            return $"SPIFFE ID '{shown}' has user info in its trust domain; remove the part up to '@'";
        }

        if (authority.Contains(':', StringComparison.Ordinal))
        {
            return $"SPIFFE ID '{shown}' has a port in its trust domain; remove the ':' and what follows it";
        }

        if (!TrustDomain.TryParse(authority, out trustDomain, out var trustDomainError))
        {
            return $"SPIFFE ID '{shown}': {char.ToLowerInvariant(trustDomainError[0])}{trustDomainError[1..]}";
        }

        if (slash < 0)
        {
            return $"SPIFFE ID '{shown}' has no path; a workload ID needs one, such as '/ns/default/dc/dc1/svc/web'";
        }

        path = rest[slash..].ToString();
        var pathError = ValidatePath(shown, path);
        if (pathError is not null)
        {
            trustDomain = null;
            path = null;
        }

        return pathError;
    }

    private static string? ValidatePath(string shown, string path)
    {
        // path starts with '/'; each segment runs up to the next '/'.
        var start = 1;
        while (true)
        {
            var end = path.IndexOf('/', start);
            var segment = end < 0 ? path.AsSpan(start) : path.AsSpan(start, end - start);
            if (segment.IsEmpty)
            {
                return end < 0
                    ? $"SPIFFE ID '{shown}' ends with '/'; remove the trailing slash"
                    : $"SPIFFE ID '{shown}' has an empty path segment ('//')";
            }

            if (segment is "." or "..")
            {
                return $"SPIFFE ID '{shown}' has a '{segment}' path segment; '.' and '..' segments are not allowed";
            }

            foreach (var c in segment)
            {
                if (c is not ((>= 'a' and <= 'z') or (>= 'A' and <= 'Z') or (>= '0' and <= '9') or '.' or '-' or '_'))
                {
                    return $"SPIFFE ID '{shown}' has invalid character {CharDisplay.Quote(c)} in its path; use letters, digits, '.', '-' and '_'";
                }
            }

            if (end < 0)
            {
                return null;
            }

            start = end + 1;
        }
    }
}
