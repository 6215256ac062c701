namespace VmMesh.Policy.Model;

/// <summary>The rules for service names in intentions (destination and source).</summary>
public static class IntentionNames
{
    /// <summary>The wildcard that stands for every service.</summary>
    public const string Wildcard = "*";

    /// <summary>The longest service name accepted (a DNS label).</summary>
    public const int MaxLength = 63;

    /// <summary>What a valid name looks like, for error messages.</summary>
    public const string Rule = "use 1-63 lower-case letters, digits and '-', starting and ending with a letter or digit, or \"*\"";

    /// <summary>
    /// True for a DNS-label service name (lower-case letters, digits, '-', not at either end) — the names that can
    /// appear in a SPIFFE ID and a Consul DNS query. Does not accept <see cref="Wildcard"/>.
    /// </summary>
    public static bool IsServiceName(string? name)
    {
        if (string.IsNullOrEmpty(name) || name.Length > MaxLength || name[0] == '-' || name[^1] == '-')
        {
            return false;
        }

        foreach (var c in name)
        {
            if (!(c is >= 'a' and <= 'z' or >= '0' and <= '9' or '-'))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>True for a service name or the wildcard.</summary>
    public static bool IsServiceNameOrWildcard(string? name) => name == Wildcard || IsServiceName(name);
}
