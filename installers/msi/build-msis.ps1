#!/usr/bin/env pwsh
# Builds the Windows MSIs vmmesh-sidecar-<V>-x64.msi and vmmesh-policy-server-<V>-x64.msi with wixl (msitools) from
# the WiX v3 sources in this folder and the win-x64 self-contained publishes. build.ps1's package task calls it:
#   installers/msi/build-msis.ps1 -PublishRoot artifacts/publish/win-x64 -OutputDir artifacts/packages -Version 0.1.0
# Flow per product: wixl-heat lists the publish (minus the service executable, which the product .wxs owns) into a
# fragment under installers/msi/obj/ → wixl compiles product + fragment → msibuild adds to the database what wixl
# 0.101 cannot express (README.md here has the table): NeverOverwrite/Permanent config components,
# RemoveExistingProducts right after InstallInitialize, a vital ServiceInstall, MsiServiceConfigFailureActions
# (restart on failure) with MsiConfigureServices, and the SYSTEM/Administrators-only ACL on %ProgramData%\VmMesh
# (MsiLockPermissionsEx). Any failure throws.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PublishRoot,
    [Parameter(Mandatory)] [string] $OutputDir,
    [Parameter(Mandatory)] [string] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$MsiDir = $PSScriptRoot
$ObjDir = Join-Path $MsiDir 'obj'

# What each MSI contains. ConfigComponent holds the admin-edited file that upgrades must keep.
$Products = @(
    @{ Name = 'vmmesh-sidecar'; Service = 'vmmesh-sidecar'; ConfigComponent = 'SidecarConfig' },
    @{ Name = 'vmmesh-policy-server'; Service = 'vmmesh-policy-server'; ConfigComponent = 'PolicyServerSwitches' }
)

# Component attributes (msidbComponentAttributes*): 64-bit, NeverOverwrite, Permanent.
$Attributes64Bit = 256
$AttributesNeverOverwrite = 128
$AttributesPermanent = 16

# ServiceInstall.ErrorControl: normal (log the error, continue booting) plus msidbServiceInstallErrorControlVital.
$ErrorControlNormal = 1
$ErrorControlVital = 32768

# Restart after 5 s, 5 s, then every 30 s; the failure count resets after a day without failures (what
# `sc.exe failure <svc> reset= 86400 actions= restart/5000/restart/5000/restart/30000` would set).
$RecoveryResetSeconds = 86400
$RecoveryActions = '1[~]1[~]1'
$RecoveryDelaysMs = '5000[~]5000[~]30000'

# Protected DACL: full control for SYSTEM (the services' account) and Administrators only. The folder holds the
# sidecar's private key cache, the policy server's KEK, admin token and the join token.
$ProgramDataSddl = 'D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)'

function Assert-Tool([string] $Tool) {
    if (-not (Get-Command $Tool -CommandType Application -ErrorAction SilentlyContinue)) {
        throw "build-msis.ps1: '$Tool' is not installed; install the Debian packages wixl and msitools (apt-get install wixl msitools)."
    }
}

# MSI ProductVersion is major.minor.build with major and minor below 256 and build below 65536.
function Assert-MsiVersion([string] $Text) {
    $parts = $Text.Split('.')
    $valid = $Text -match '^\d+\.\d+\.\d+(\.\d+)?$' -and [int]$parts[0] -le 255 -and [int]$parts[1] -le 255 -and [int]$parts[2] -le 65535
    if (-not $valid) {
        throw "build-msis.ps1: -Version '$Text' is not an MSI product version; use major.minor.build with numbers only (major and minor up to 255, build up to 65535), such as 0.1.0."
    }
}

# Runs a tool; throws with its output when it fails or, for wixl, when it prints anything at all: wixl 0.101 reports
# unsupported attributes as GLib warnings and still exits 0, dropping them from the MSI.
function Invoke-Tool {
    param([string] $File, [string[]] $Arguments, [switch] $FailOnOutput)
    $output = & $File @Arguments 2>&1 | ForEach-Object { "$_" }
    $text = ($output -join "`n").Trim()
    if ($LASTEXITCODE -ne 0) {
        throw "build-msis.ps1: '$File $($Arguments -join ' ')' failed with exit code ${LASTEXITCODE}:`n$text"
    }
    if ($FailOnOutput -and $text) {
        throw "build-msis.ps1: '$File' warned, so the MSI would silently lack something; fix the source:`n$text"
    }
    return $output
}

# The ProductCode of one version: a name-based (RFC 4122 version 5, SHA-1) UUID of the version in the product's
# UpgradeCode namespace. A rebuild of the same version keeps its ProductCode, so Windows Installer (and Ansible's
# win_package) sees it as installed instead of installing a second copy next to it; a new version gets a new one.
function Get-ProductCode([string] $UpgradeCode, [string] $ProductVersion) {
    $namespace = [Convert]::FromHexString($UpgradeCode.Trim('{', '}').Replace('-', ''))
    $hash = [Security.Cryptography.SHA1]::HashData([byte[]] ($namespace + [Text.Encoding]::UTF8.GetBytes($ProductVersion)))
    $bytes = $hash[0..15]
    $bytes[6] = ($bytes[6] -band 0x0F) -bor 0x50
    $bytes[8] = ($bytes[8] -band 0x3F) -bor 0x80
    $hex = [Convert]::ToHexString([byte[]] $bytes)
    return '{0}-{1}-{2}-{3}-{4}' -f $hex.Substring(0, 8), $hex.Substring(8, 4), $hex.Substring(12, 4), $hex.Substring(16, 4), $hex.Substring(20, 12)
}

# The UpgradeCode a product source declares (Product/@UpgradeCode), read rather than repeated here.
function Get-UpgradeCode([string] $Wxs) {
    [xml] $doc = Get-Content -Raw -LiteralPath $Wxs
    $code = $doc.Wix.Product.UpgradeCode
    if (-not $code) { throw "build-msis.ps1: $Wxs has no Product/@UpgradeCode; every product keeps a fixed one." }
    return $code
}

# An .idt file (msibuild -i): column names, column types, the table name with its key columns, then rows; tab-separated.
function Write-Idt([string] $Path, [string] $Table, [string[]] $Columns, [string[]] $Types, [string[]] $Keys, [object[]] $Rows) {
    $lines = @(($Columns -join "`t"), ($Types -join "`t"), ((@($Table) + $Keys) -join "`t"))
    foreach ($row in $Rows) { $lines += ($row -join "`t") }
    [IO.File]::WriteAllText($Path, ($lines -join "`r`n") + "`r`n")
}

# The publish minus the service executable, as a wixl-heat fragment: ComponentGroup PublishedFiles under INSTALLDIR.
function New-FileFragment([string] $PublishDir, [string] $ServiceExe, [string] $Path) {
    $prefix = $PublishDir.TrimEnd('/') + '/'
    $files = @(Get-ChildItem -LiteralPath $PublishDir -Recurse -File |
        ForEach-Object { $_.FullName } |
        Where-Object { $_ -ne (Join-Path $PublishDir $ServiceExe) } |
        Sort-Object)
    $fragment = $files | & wixl-heat --directory-ref INSTALLDIR --component-group PublishedFiles --var var.PublishDir -p $prefix --win64
    if ($LASTEXITCODE -ne 0) { throw "build-msis.ps1: wixl-heat failed with exit code $LASTEXITCODE for $PublishDir." }
    [IO.File]::WriteAllText($Path, ($fragment -join "`n") + "`n")
}

# Adds to the built database what wixl cannot express (see the header).
function Complete-Msi([string] $Msi, [hashtable] $Product, [string] $WorkDir) {
    $recovery = Join-Path $WorkDir 'MsiServiceConfigFailureActions.idt'
    Write-Idt $recovery 'MsiServiceConfigFailureActions' `
        @('MsiServiceConfigFailureActions', 'Name', 'Event', 'ResetPeriod', 'RebootMessage', 'Command', 'Actions', 'DelayActions', 'Component_') `
        @('s72', 'l255', 'i2', 'I4', 'L255', 'L255', 'S255', 'S255', 's72') `
        @('MsiServiceConfigFailureActions') `
        @(, @('ServiceRecovery', $Product.Service, '5', "$RecoveryResetSeconds", '', '', $RecoveryActions, $RecoveryDelaysMs, 'ServiceExecutable'))
    $acl = Join-Path $WorkDir 'MsiLockPermissionsEx.idt'
    Write-Idt $acl 'MsiLockPermissionsEx' `
        @('MsiLockPermissionsEx', 'LockObject', 'Table', 'SDDL', 'Condition') `
        @('s72', 's72', 's32', 's255', 'S255') `
        @('MsiLockPermissionsEx') `
        @(, @('ProgramDataAcl', 'VmMeshProgramData', 'CreateFolder', $ProgramDataSddl, ''))

    $configAttributes = $Attributes64Bit + $AttributesNeverOverwrite + $AttributesPermanent
    Invoke-Tool 'msibuild' @($Msi, '-i', $recovery) | Out-Null
    Invoke-Tool 'msibuild' @($Msi, '-i', $acl) | Out-Null
    Invoke-Tool 'msibuild' @($Msi,
        '-q', "UPDATE ``Component`` SET ``Attributes`` = $configAttributes WHERE ``Component`` = '$($Product.ConfigComponent)'",
        # ServiceInstall/@Vital: wixl accepts the attribute but drops it; a service that cannot be installed fails the install.
        '-q', "UPDATE ``ServiceInstall`` SET ``ErrorControl`` = $($ErrorControlNormal + $ErrorControlVital)",
        # Remove the old version before installing the new one: wixl leaves File.Version empty, so with the default
        # late removal Windows Installer would keep older versioned DLLs over the "unversioned" new ones.
        '-q', "UPDATE ``InstallExecuteSequence`` SET ``Sequence`` = 1501 WHERE ``Action`` = 'RemoveExistingProducts'",
        # Applies MsiServiceConfigFailureActions; between InstallServices (5800) and StartServices (5900).
        '-q', "INSERT INTO ``InstallExecuteSequence`` (``Action``, ``Condition``, ``Sequence``) VALUES ('MsiConfigureServices', 'VersionNT >= 600', 5850)") | Out-Null
}

function Build-Msi([hashtable] $Product) {
    $name = $Product.Name
    $publishDir = (Resolve-Path -LiteralPath (Join-Path $PublishRoot $name) -ErrorAction SilentlyContinue)?.Path
    $serviceExe = "$name.exe"
    if (-not $publishDir -or -not (Test-Path -LiteralPath (Join-Path $publishDir $serviceExe))) {
        throw "build-msis.ps1: $(Join-Path $PublishRoot $name) has no $serviceExe; publish it first (dotnet pwsh ./build.ps1 package publishes win-x64)."
    }

    $workDir = Join-Path $ObjDir $name
    if (Test-Path $workDir) { Remove-Item -Recurse -Force $workDir }
    New-Item -ItemType Directory -Force -Path $workDir | Out-Null
    $fragment = Join-Path $workDir 'published-files.wxs'
    New-FileFragment $publishDir $serviceExe $fragment

    $msi = Join-Path $OutputDir "$name-$Version-x64.msi"
    if (Test-Path $msi) { Remove-Item -Force $msi }
    Write-Host "  $name-$Version-x64.msi from $publishDir"
    # wixl finds File/@Source only relative to the working directory, so it runs in this folder with relative paths.
    Push-Location -LiteralPath $MsiDir
    try {
        $relativePublish = [IO.Path]::GetRelativePath($MsiDir, $publishDir)
        $productCode = Get-ProductCode (Get-UpgradeCode (Join-Path $MsiDir "$name.wxs")) $Version
        Invoke-Tool 'wixl' @('-a', 'x64', '-D', "Version=$Version", '-D', "ProductCode=$productCode", '-D', "PublishDir=$relativePublish", '-D', 'MsiDir=.',
            '-D', 'Win64=yes', '-o', $msi, "$name.wxs", $fragment) -FailOnOutput | Out-Null
    }
    finally {
        Pop-Location
    }
    try {
        Complete-Msi $msi $Product $workDir
    }
    catch {
        Remove-Item -Force $msi -ErrorAction SilentlyContinue
        throw
    }
}

foreach ($tool in 'wixl', 'wixl-heat', 'msibuild') { Assert-Tool $tool }
Assert-MsiVersion $Version
$PublishRoot = (Resolve-Path -LiteralPath $PublishRoot -ErrorAction SilentlyContinue)?.Path ?? $(throw "build-msis.ps1: -PublishRoot $PublishRoot does not exist; publish win-x64 first (dotnet pwsh ./build.ps1 package).")
New-Item -ItemType Directory -Force -Path $OutputDir | Out-Null
$OutputDir = (Resolve-Path -LiteralPath $OutputDir).Path
foreach ($product in $Products) { Build-Msi $product }
