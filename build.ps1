#!/usr/bin/env pwsh
# VmMesh build entry point. Run through the local tool manifest:
#   dotnet tool restore && dotnet pwsh ./build.ps1 <task>
# Tasks:
#   build   compile the solution (Release)
#   test    build, run every test project, print "N passed, N failed[, N skipped]"
#   demo    build vmmesh (Release, with the policy server, sidecar and demo app) and run `vmmesh dev` until Ctrl+C
#   package self-contained publishes (linux-x64, win-x64), then the debs and MSIs into artifacts/packages
#   bench   measure the mesh over two network namespaces (wrk, sidecar pair against the direct call)
[CmdletBinding()]
param(
    [Parameter(Position = 0)]
    [ValidateSet('build', 'test', 'demo', 'package', 'bench')]
    [string] $Task = 'build',

    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release'
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$Root = $PSScriptRoot
$Solution = Join-Path $Root 'VmMesh.sln'
$Artifacts = Join-Path $Root 'artifacts'
$Packages = Join-Path $Artifacts 'packages'
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

# The product version, from Directory.Build.props (one place for every binary and package).
function Get-ProductVersion {
    [xml] $props = Get-Content -Raw -LiteralPath (Join-Path $Root 'Directory.Build.props')
    $node = $props.SelectSingleNode('/Project/PropertyGroup/Version')
    $version = if ($node) { $node.InnerText.Trim() } else { '' }
    if (-not $version) { throw 'Directory.Build.props has no <Version>: add one (e.g. <Version>0.1.0</Version>).' }
    return $version
}

# What gets published, per runtime: project folder under src/ and the installed name.
$PublishSets = @{
    'linux-x64' = @(
        @{ Project = 'VmMesh.Sidecar'; Name = 'vmmesh-sidecar' },
        @{ Project = 'VmMesh.PolicyServer'; Name = 'vmmesh-policy-server' },
        @{ Project = 'VmMesh.Cli'; Name = 'vmmesh' })
    'win-x64' = @(
        @{ Project = 'VmMesh.Sidecar'; Name = 'vmmesh-sidecar' },
        @{ Project = 'VmMesh.PolicyServer'; Name = 'vmmesh-policy-server' })
}

# Self-contained publishes into artifacts/publish/<rid>/<name>/, so hosts need no .NET installed.
function Invoke-Publish {
    foreach ($rid in $PublishSets.Keys | Sort-Object) {
        foreach ($app in $PublishSets[$rid]) {
            $out = Join-Path $Artifacts "publish/$rid/$($app.Name)"
            if (Test-Path $out) { Remove-Item -Recurse -Force $out }
            Write-Step "Publishing $($app.Name) ($rid, self-contained)"
            Invoke-Native 'dotnet' @('publish', (Join-Path $Root "src/$($app.Project)/$($app.Project).csproj"),
                '-c', 'Release', '-r', $rid, '--self-contained', '-o', $out, '-nologo', '-clp:ErrorsOnly',
                # Its own bin/obj, so a publish never rewrites what the tests run from (src/*/bin, obj/project.assets.json).
                '--artifacts-path', (Join-Path $Artifacts 'publish-build'),
                '-p:DebugType=none', '-p:GenerateDocumentationFile=false')
        }
    }
}

function Invoke-Package {
    Install-DebianPackages -Packages @('dpkg-dev', 'fakeroot', 'lintian', 'wixl', 'msitools') -Why 'the package task (debs and MSIs)'
    Invoke-Publish
    if (Test-Path $Packages) { Remove-Item -Recurse -Force $Packages }
    New-Item -ItemType Directory -Force -Path $Packages | Out-Null
    $version = Get-ProductVersion
    Write-Step "Building the debs ($version)"
    & (Join-Path $Root 'installers/deb/build-debs.ps1') -PublishRoot (Join-Path $Artifacts 'publish/linux-x64') -OutputDir $Packages -Version $version
    Write-Step "Building the MSIs ($version)"
    & (Join-Path $Root 'installers/msi/build-msis.ps1') -PublishRoot (Join-Path $Artifacts 'publish/win-x64') -OutputDir $Packages -Version $version
    Get-ChildItem -LiteralPath $Packages -File | ForEach-Object { Write-Host "  $($_.Name)  $([math]::Round($_.Length / 1MB, 1)) MB" }
}

function Invoke-Bench {
    Install-DebianPackages -Packages @('wrk', 'nginx', 'curl', 'iproute2') -Why 'the bench task (wrk and nginx over network namespaces)'
    Invoke-Build
    & (Join-Path $Root 'bench/mesh-bench.ps1') -Configuration $Configuration -OutputDir (Join-Path $Artifacts 'bench')
    exit $LASTEXITCODE
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
    Install-DebianPackages -Packages @('curl', 'iproute2', 'wrk', 'nginx', 'debootstrap', 'systemd', 'systemd-container', 'ansible', 'ansible-lint') -Why 'the test task (end-to-end, bench and installer tests)'
    Invoke-Build
    Invoke-Package
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
    'package' { Invoke-Package }
    'bench' { Invoke-Bench }
}
