using System.Globalization;

namespace VmMesh.Bench.Topology;

/// <summary>
/// The app behind sidecar <c>api</c>: Debian's nginx with one worker answering a small fixed body, bound to the
/// server host's address (the baseline's target) and its loopback (what the sidecar forwards to). Runs in the
/// foreground (<c>daemon off</c>) so it is an owned child process; no access log, and keep-alive long enough that
/// neither wrk nor the sidecar's pool reconnects during a run.
/// </summary>
internal static class NginxApp
{
    public const string Body = "hello from api\n";

    /// <summary>Writes nginx.conf (and its temp folders) under <paramref name="directory"/> and returns its path.</summary>
    public static string WriteConfig(string directory, string hostAddress, int port)
    {
        Directory.CreateDirectory(Path.Combine(directory, "tmp"));
        var p = port.ToString(CultureInfo.InvariantCulture);
        var tmp = Path.Combine(directory, "tmp");
        var config = $$"""
            daemon off;
            master_process on;
            worker_processes 1;
            pid {{Path.Combine(directory, "nginx.pid")}};
            error_log stderr warn;
            events { worker_connections 1024; }
            http {
                access_log off;
                keepalive_requests 1000000;
                keepalive_timeout 120s;
                client_body_temp_path {{tmp}}/body;
                proxy_temp_path {{tmp}}/proxy;
                fastcgi_temp_path {{tmp}}/fastcgi;
                uwsgi_temp_path {{tmp}}/uwsgi;
                scgi_temp_path {{tmp}}/scgi;
                default_type text/plain;
                server {
                    listen {{hostAddress}}:{{p}};
                    listen 127.0.0.1:{{p}};
                    location = /health { return 200 "ok\n"; }
                    location = /whoami { return 200 "$http_x_vmmesh_peer_identity\n"; }
                    location / { return 200 "{{Body.TrimEnd('\n')}}\n"; }
                }
            }
            """;
        var path = Path.Combine(directory, "nginx.conf");
        File.WriteAllText(path, config);
        return path;
    }
}
