using System.Collections.Immutable;
using System.Text;

namespace VmMesh.Consul.Dev.State;

/// <summary>How a check runs (its definition); status and output live on <see cref="CheckRecord"/>.</summary>
internal sealed record CheckSpec
{
    public string Type { get; init; } = string.Empty;

    public TimeSpan Interval { get; init; }

    public TimeSpan Timeout { get; init; }

    public TimeSpan Ttl { get; init; }

    public string Http { get; init; } = string.Empty;

    public string Method { get; init; } = string.Empty;

    public ImmutableSortedDictionary<string, ImmutableArray<string>> Header { get; init; } = ImmutableSortedDictionary<string, ImmutableArray<string>>.Empty;

    public string Body { get; init; } = string.Empty;

    public bool DisableRedirects { get; init; }

    public bool TlsSkipVerify { get; init; }

    public string Tcp { get; init; } = string.Empty;

    public string AliasService { get; init; } = string.Empty;

    public string AliasNode { get; init; } = string.Empty;

    public TimeSpan DeregisterCriticalServiceAfter { get; init; }

    public int OutputMaxSize { get; init; } = 4096;

    /// <summary>A canonical text of the definition, to tell a changed definition from a re-registration.</summary>
    public string Describe()
    {
        var sb = new StringBuilder();
        sb.Append(Type).Append('|').Append(Interval.Ticks).Append('|').Append(Timeout.Ticks).Append('|').Append(Ttl.Ticks)
          .Append('|').Append(Http).Append('|').Append(Method).Append('|').Append(Body).Append('|').Append(DisableRedirects)
          .Append('|').Append(TlsSkipVerify).Append('|').Append(Tcp).Append('|').Append(AliasService).Append('|').Append(AliasNode)
          .Append('|').Append(DeregisterCriticalServiceAfter.Ticks).Append('|').Append(OutputMaxSize);
        foreach (var (k, v) in Header)
        {
            sb.Append('|').Append(k).Append('=').Append(string.Join(',', v));
        }

        return sb.ToString();
    }
}
