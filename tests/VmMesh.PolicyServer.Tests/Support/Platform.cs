// These tests set Unix file modes (KEK and admin-token files must be 0600) and send POSIX signals to child processes.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
