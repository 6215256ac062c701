#!/usr/bin/env pwsh
# The mesh measured over two network namespaces (issue 4's closing measurement), run by `build.ps1 bench` after the
# solution is built. It checks what the bench needs, runs vmmesh-bench (bench/VmMesh.Bench: topology, wrk runs, RSS
# sampling, mesh-bench.json and mesh-bench.md in -OutputDir) and then removes anything a crashed or killed run left
# behind: its namespaces (vmmbench-<run id>-a/-b, with every process still inside them) and its bridge (vmbb<run id>).
#
# Exit codes: 0 measured (however slow the figures), 1 the bench could not run (the reason is printed),
# 2 bad arguments, 130 interrupted (Ctrl+C or SIGTERM; cleaned up).
[CmdletBinding()]
param(
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',

    [string] $OutputDir = (Join-Path (Split-Path -Parent $PSScriptRoot) 'artifacts/bench'),

    # Measured seconds per run, after a warm-up of -WarmupSeconds whose figures are discarded.
    [ValidateRange(1, 120)]
    [int] $DurationSeconds = 10,

    [ValidateRange(1, 120)]
    [int] $WarmupSeconds = 3,

    [ValidateRange(1, 64)]
    [int] $Threads = 2,

    # One load profile per value; each gets a direct run and a mesh run.
    [int[]] $Connections = @(32, 8)
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest

function Stop-Bench([string] $Why) {
    [Console]::Error.WriteLine("mesh-bench: the bench could not run: $Why")
    exit 1
}

# Removes this run's namespaces (killing whatever still runs inside them, by pid) and its bridge. vmmesh-bench does
# this itself on success, failure and Ctrl+C; this is for a run that was killed outright.
function Remove-BenchLeftovers([string] $RunId) {
    $prefix = "vmmbench-$RunId-"
    $names = @(& ip netns list 2>$null | ForEach-Object { ($_ -split ' ')[0] } | Where-Object { $_.StartsWith($prefix) })
    foreach ($name in $names) {
        foreach ($processId in @(& ip netns pids $name 2>$null)) {
            if ($processId -match '^\d+$') { & kill -KILL $processId 2>$null }
        }
        & ip netns delete $name 2>$null
        Write-Warning "mesh-bench: removed namespace $name left by an interrupted run"
    }
    & ip link show "vmbb$RunId" 2>$null | Out-Null
    if ($LASTEXITCODE -eq 0) {
        & ip link delete "vmbb$RunId" 2>$null
        Write-Warning "mesh-bench: removed bridge vmbb$RunId left by an interrupted run"
    }
    # The control plane runs in the root namespace; this run's processes name its own work folder in their arguments.
    $work = Join-Path ([IO.Path]::GetTempPath()) "vmmesh-bench-$RunId"
    foreach ($cmdline in Get-ChildItem -Path '/proc/[0-9]*/cmdline' -ErrorAction SilentlyContinue) {
        $text = Get-Content -Raw -LiteralPath $cmdline.FullName -ErrorAction SilentlyContinue
        if ($text -and $text.Contains("$work/")) {
            $processId = Split-Path -Leaf (Split-Path -Parent $cmdline.FullName)
            & kill -KILL $processId 2>$null
            Write-Warning "mesh-bench: stopped process $processId left by an interrupted run"
        }
    }
    if (Test-Path -LiteralPath $work) {
        Remove-Item -Recurse -Force -LiteralPath $work
        Write-Warning "mesh-bench: removed $work left by an interrupted run"
    }
}

if (-not $IsLinux) { Stop-Bench 'it needs Linux network namespaces; run it on Debian as root.' }
if ((& id -u) -ne '0') { Stop-Bench 'it creates network namespaces and a bridge, which needs root; run it as root (sudo -E dotnet pwsh ./build.ps1 bench).' }
$tools = [ordered]@{ ip = 'iproute2'; wrk = 'wrk'; nginx = 'nginx'; curl = 'curl'; dotnet = $null }
$missing = @($tools.Keys | Where-Object { -not (Get-Command $_ -CommandType Application -ErrorAction SilentlyContinue) })
if ($missing.Count -gt 0) {
    $packages = @($missing | ForEach-Object { $tools[$_] } | Where-Object { $_ })
    Stop-Bench "these commands are missing: $($missing -join ', '). Install them: apt-get install -y --no-install-recommends $($packages -join ' ')"
}

$repo = Split-Path -Parent $PSScriptRoot
$bench = Join-Path $repo "bench/VmMesh.Bench/bin/$Configuration/net10.0/vmmesh-bench.dll"
if (-not (Test-Path -LiteralPath $bench)) {
    Stop-Bench "$bench is missing; build the solution first: dotnet build VmMesh.sln -c $Configuration (or run dotnet pwsh ./build.ps1 bench)."
}

$runId = -join ((1..6) | ForEach-Object { '0123456789abcdef'[(Get-Random -Maximum 16)] })
$arguments = @(
    $bench,
    '--output-dir', $OutputDir,
    '--run-id', $runId,
    '--duration', "$DurationSeconds",
    '--warmup', "$WarmupSeconds",
    '--threads', "$Threads",
    '--connections', ($Connections -join ','))
$exitCode = 1
try {
    & dotnet @arguments
    $exitCode = $LASTEXITCODE
}
finally {
    Remove-BenchLeftovers $runId
}
exit $exitCode
