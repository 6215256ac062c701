using System.Globalization;

namespace VmMesh.Demo;

/// <summary>
/// The demo app's switches: <c>--role web|api|inventory --port N [--proxy http://127.0.0.1:OUTBOUND]</c>.
/// Parsed by hand because the app has three switches and no other needs.
/// </summary>
internal sealed record DemoArguments(DemoRole Role, int Port, Uri? Proxy)
{
    public static DemoArguments Parse(string[] args, List<string> errors)
    {
        string? role = null, port = null, proxy = null;
        for (var i = 0; i < args.Length; i++)
        {
            var value = i + 1 < args.Length ? args[i + 1] : null;
            switch (args[i])
            {
                case "--role": role = value; i++; break;
                case "--port": port = value; i++; break;
                case "--proxy": proxy = value; i++; break;
                default: errors.Add($"unknown switch '{args[i]}'; use --role, --port and --proxy"); break;
            }
        }

        var found = DemoRole.Find(role);
        if (found is null)
        {
            errors.Add($"--role '{role}' is not a demo role; use one of {string.Join(", ", DemoRole.All.Select(r => r.Name))}");
        }

        if (!int.TryParse(port, NumberStyles.None, CultureInfo.InvariantCulture, out var portNumber) || portNumber is < 1 or > 65535)
        {
            errors.Add($"--port '{port}' is not a TCP port; pass the loopback port the app listens on, 1-65535");
        }

        Uri? proxyUri = null;
        if (proxy is not null && !Uri.TryCreate(proxy, UriKind.Absolute, out proxyUri))
        {
            errors.Add($"--proxy '{proxy}' is not an absolute URL; pass the sidecar's outbound listener, such as http://127.0.0.1:15001");
        }

        if (found?.Downstream is not null && proxyUri is null && proxy is null)
        {
            errors.Add($"--proxy is missing; role '{found.Name}' calls '{found.Downstream}' through its sidecar's outbound listener");
        }

        return new DemoArguments(found ?? DemoRole.All[^1], portNumber, proxyUri);
    }
}
