#!/usr/bin/env pwsh
# VmMesh build entry point. Run through the local tool manifest:
#   dotnet tool restore && dotnet pwsh ./build.ps1 <task>
# Tasks:
#   build   compile the solution (Release)
#   test    build, run every test project, print "N passed, N failed[, N skipped]"
#   demo    build vmmesh (Release, with the policy server, sidecar and demo app) and run `vmmesh dev` until Ctrl+C
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Solution = Join-Path $Root 'VmMesh.sln'
$Artifacts = Join-Path $Root 'artifacts'
$env:DOTNET_CLI_TELEMETRY_OPTOUT = '1'
$env:DOTNET_NOLOGO = '1'

function Write-Step([string] $Message) {
    Write-Host "==> $Message" -ForegroundColor Cyan
}

function Invoke-Native {
    param([string] $File, [string[]] $Arguments)
    & $File @Arguments
    if ($LASTEXITCODE -ne 0) {
        throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE"
    }
}

# Installs Debian packages a task needs (as root on Debian), or names what is missing.
function Install-DebianPackages {
    param([string[]] $Packages, [string] $Why)
    $missing = @($Packages | Where-Object {
        $status = & dpkg-query -W -f '${Status}' $_ 2>$null
        $LASTEXITCODE -ne 0 -or $status -notlike '*install ok installed*'
    })
    if ($missing.Count -eq 0) { return }
    $isDebian = Test-Path '/etc/debian_version'
    $isRoot = $IsLinux -and ((& id -u) -eq '0')
    if (-not ($isDebian -and $isRoot)) {
        throw "$Why needs the Debian packages: $($missing -join ', '). Install them (apt-get install $($missing -join ' ')) or run this task as root on Debian."
    }
    Write-Step "Installing $($missing -join ', ') ($Why)"
    $env:DEBIAN_FRONTEND = 'noninteractive'
    Invoke-Native 'apt-get' @('update', '-q')
    Invoke-Native 'apt-get' (@('install', '-y', '-q', '--no-install-recommends') + $missing)
}

function Invoke-Build {
    Write-Step "Building $Solution ($Configuration)"
    Invoke-Native 'dotnet' @('build', $Solution, '-c', $Configuration, '-nologo', '-clp:ErrorsOnly;Summary')
}

# Reads the counters of every TRX file written by this run.
function Get-TestCounts([string] $ResultsDir) {
    $totals = [ordered]@{ passed = 0; failed = 0; skipped = 0 }
    foreach ($trx in Get-ChildItem -Path $ResultsDir -Filter '*.trx' -Recurse) {
        [xml] $doc = Get-Content -Raw -LiteralPath $trx.FullName
        $counters = $doc.TestRun.ResultSummary.Counters
        $totals.passed += [int] $counters.passed
        $totals.failed += [int] $counters.failed + [int] $counters.error + [int] $counters.timeout + [int] $counters.aborted
        $totals.skipped += [int] $counters.notExecuted
    }
    return $totals
}

function Invoke-Test {
    Install-DebianPackages -Packages @('curl', 'iproute2') -Why 'the test task (end-to-end tests)'
    Invoke-Build
    $resultsDir = Join-Path $Artifacts 'test-results'
    if (Test-Path $resultsDir) { Remove-Item -Recurse -Force $resultsDir }
    New-Item -ItemType Directory -Force -Path $resultsDir | Out-Null

    Write-Step 'Running every test project'
    & dotnet test $Solution -c $Configuration --no-build -nologo `
        --logger 'trx' --logger 'console;verbosity=minimal' `
        --results-directory $resultsDir `
        -- 'RunConfiguration.TestSessionTimeout=1500000'
    $testExit = $LASTEXITCODE

    $counts = Get-TestCounts $resultsDir
    $failedRun = $testExit -ne 0 -or $counts.failed -gt 0
    if ($env:CI -eq 'true' -and $counts.skipped -gt 0) {
        [Console]::Error.WriteLine("CI may not skip tests: $($counts.skipped) were skipped.")
        $failedRun = $true
    }
    if ($counts.passed -eq 0) {
        [Console]::Error.WriteLine('No test ran: check that the test projects were discovered.')
        $failedRun = $true
    }
    # The summary is the task's last line, so CI can count the run.
    $summary = "$($counts.passed) passed, $($counts.failed) failed"
    if ($counts.skipped -gt 0) { $summary += ", $($counts.skipped) skipped" }
    Write-Host $summary
    if ($failedRun) { exit 1 }
}

# The whole mesh on one machine. The CLI project builds the executables `vmmesh dev` starts, in the same
# configuration, so building it alone is enough.
function Invoke-Demo {
    $cli = Join-Path $Root 'src/VmMesh.Cli/VmMesh.Cli.csproj'
    Write-Step "Building $cli (Release)"
    Invoke-Native 'dotnet' @('build', $cli, '-c', 'Release', '-nologo', '-clp:ErrorsOnly;Summary')
    Write-Step 'Starting the mesh (Ctrl+C stops it)'
    & dotnet (Join-Path $Root 'src/VmMesh.Cli/bin/Release/net10.0/vmmesh.dll') dev
    exit $LASTEXITCODE
}

switch ($Task) {
    'build' { Invoke-Build }
    'test' { Invoke-Test }
    'demo' { Invoke-Demo }
}
