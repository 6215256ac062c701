// Turns a check definition into a CheckRecord: type inference in Consul's precedence order,
// CheckType.Validate's messages (all "400 Invalid check: …"), and the minimum interval.
using System.Collections.Immutable;
using VmMesh.Consul.Dev.Http;
using VmMesh.Consul.Dev.State;

namespace VmMesh.Consul.Dev.Agent;

internal static class CheckBuilder
{
    public const string InvalidStatusMessage = "Status for checks must 'passing', 'warning', 'critical'";

    public static CheckRecord Build(CheckDefinitionBase def, string checkId, string name, string serviceId, string serviceName, ImmutableArray<string> serviceTags, TimeSpan minimumInterval)
    {
        Validate(def);
        var type = InferType(def);
        if (type is "script" or "docker")
        {
            throw new ConsulHttpError(400, "Scripts are disabled on this agent; to enable, configure 'enable_script_checks' or 'enable_local_script_checks' to true");
        }

        var interval = def.Interval?.Value ?? TimeSpan.Zero;
        if (interval > TimeSpan.Zero && interval < minimumInterval)
        {
            interval = minimumInterval;
        }

        var spec = new CheckSpec
        {
            Type = type,
            Interval = interval,
            Timeout = def.Timeout?.Value ?? TimeSpan.Zero,
            Ttl = def.Ttl?.Value ?? TimeSpan.Zero,
            Http = def.Http ?? string.Empty,
            Method = def.Method ?? string.Empty,
            Header = (def.Header ?? []).ToImmutableSortedDictionary(p => p.Key, p => p.Value.ToImmutableArray(), StringComparer.Ordinal),
            Body = def.Body ?? string.Empty,
            DisableRedirects = def.DisableRedirects,
            TlsSkipVerify = def.TlsSkipVerify,
            Tcp = def.Tcp ?? string.Empty,
            AliasService = def.AliasService ?? string.Empty,
            AliasNode = def.AliasNode ?? string.Empty,
            DeregisterCriticalServiceAfter = def.DeregisterCriticalServiceAfter?.Value ?? TimeSpan.Zero,
            OutputMaxSize = def.OutputMaxSize > 0 ? def.OutputMaxSize : 4096,
        };
        return new CheckRecord
        {
            CheckId = checkId,
            Name = name,
            Notes = def.Notes ?? string.Empty,
            Status = string.IsNullOrEmpty(def.Status) ? CheckStatus.Critical : def.Status,
            ServiceId = serviceId,
            ServiceName = serviceName,
            ServiceTags = serviceTags,
            Type = type,
            Spec = spec,
        };
    }

    /// <summary>CheckType.Validate, in Consul's order.</summary>
    public static void Validate(CheckDefinitionBase def)
    {
        var interval = def.Interval?.Value ?? TimeSpan.Zero;
        var ttl = def.Ttl?.Value ?? TimeSpan.Zero;
        var intervalCheck = IsScript(def) || !string.IsNullOrEmpty(def.Http) || !string.IsNullOrEmpty(def.Tcp) || !string.IsNullOrEmpty(def.Udp)
            || !string.IsNullOrEmpty(def.Grpc) || !string.IsNullOrEmpty(def.H2Ping) || !string.IsNullOrEmpty(def.OsService);
        var alias = !string.IsNullOrEmpty(def.AliasService) || !string.IsNullOrEmpty(def.AliasNode);
        string? error = null;
        if (interval > TimeSpan.Zero && ttl > TimeSpan.Zero)
        {
            error = "Interval and TTL cannot both be specified";
        }
        else if (intervalCheck && interval <= TimeSpan.Zero)
        {
            error = "Interval must be > 0 for Script, HTTP, H2PING, TCP, UDP or OSService checks";
        }
        else if (alias && ttl > TimeSpan.Zero)
        {
            error = "TTL must be not be set for Alias checks";
        }
        else if (alias && interval > TimeSpan.Zero)
        {
            error = "Interval cannot be set for Alias checks";
        }
        else if (def.OutputMaxSize < 0)
        {
            error = "MaxOutputMaxSize must be positive";
        }
        else if (!intervalCheck && !alias && ttl <= TimeSpan.Zero)
        {
            error = "TTL must be > 0 for TTL checks";
        }

        if (error is not null)
        {
            throw new ConsulHttpError(400, "Invalid check: " + error);
        }
    }

    /// <summary>The initial Status check, done by Consul after every check definition validated.</summary>
    public static void ValidateStatus(CheckDefinitionBase def)
    {
        if (!string.IsNullOrEmpty(def.Status) && !CheckStatus.IsValid(def.Status))
        {
            throw new ConsulHttpError(400, InvalidStatusMessage);
        }
    }

    private static bool IsScript(CheckDefinitionBase def) => (def.Args?.Count ?? 0) > 0 || (def.ScriptArgs?.Count ?? 0) > 0;

    private static string InferType(CheckDefinitionBase def)
    {
        var interval = (def.Interval?.Value ?? TimeSpan.Zero) > TimeSpan.Zero;
        return def switch
        {
            _ when !string.IsNullOrEmpty(def.Grpc) && interval => "grpc",
            _ when !string.IsNullOrEmpty(def.Http) && interval => "http",
            _ when (def.Ttl?.Value ?? TimeSpan.Zero) > TimeSpan.Zero => "ttl",
            _ when !string.IsNullOrEmpty(def.Tcp) && interval => "tcp",
            _ when !string.IsNullOrEmpty(def.Udp) => "udp",
            _ when !string.IsNullOrEmpty(def.AliasService) || !string.IsNullOrEmpty(def.AliasNode) => "alias",
            _ when !string.IsNullOrEmpty(def.DockerContainerId) => "docker",
            _ when IsScript(def) => "script",
            _ when !string.IsNullOrEmpty(def.H2Ping) => "h2ping",
            _ when !string.IsNullOrEmpty(def.OsService) => "os_service",
            _ => string.Empty,
        };
    }
}
