#!/usr/bin/env pwsh
# Builds the Debian packages vmmesh-sidecar_<V>_amd64.deb, vmmesh-policy-server_<V>_amd64.deb and
# vmmesh-cli_<V>_amd64.deb with dpkg-deb from the linux-x64 self-contained publishes. build.ps1's package task calls:
#   installers/deb/build-debs.ps1 -PublishRoot artifacts/publish/linux-x64 -OutputDir artifacts/packages -Version 0.1.0
# Flow per package: a staging tree (the publish under /usr/lib/vmmesh/<program>/ with normalised modes, the /usr/bin
# link, the unit from installers/systemd, conffiles, docs, lintian overrides) → DEBIAN/ (control with Depends from
# dpkg-shlibdeps plus what is loaded at run time, conffiles, maintainer scripts, md5sums) → dpkg-deb --root-owner-group.
# Layout and decisions: README.md here. Any failure throws.
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PublishRoot,
    [Parameter(Mandatory)] [string] $OutputDir,
    [Parameter(Mandatory)] [string] $Version
)

$ErrorActionPreference = 'Stop'
Set-StrictMode -Version Latest
$DebDir = $PSScriptRoot
$SystemdDir = Join-Path (Split-Path $DebDir -Parent) 'systemd'

$Maintainer = 'VmMesh Maintainers <maintainers@vmmesh.dev>'
$Homepage = 'https://github.com/vmmesh/vmmesh'

# What each deb holds. Publish: the folder under -PublishRoot; Command: the /usr/bin name; Unit and Conffiles: the
# systemd unit and the files installed under /etc/vmmesh (source name in this package's folder = installed name);
# ManPage: the page in this package's folder, installed gzipped to /usr/share/man/man<section>/.
$Packages = @(
    @{ Name = 'vmmesh-sidecar'; Publish = 'vmmesh-sidecar'; Command = 'vmmesh-sidecar'; Unit = 'vmmesh-sidecar.service'; Conffiles = @('sidecar.json'); ManPage = 'vmmesh-sidecar.8' },
    @{ Name = 'vmmesh-policy-server'; Publish = 'vmmesh-policy-server'; Command = 'vmmesh-policy-server'; Unit = 'vmmesh-policy-server.service'; Conffiles = @('policy-server.conf'); ManPage = 'vmmesh-policy-server.8' },
    @{ Name = 'vmmesh-cli'; Publish = 'vmmesh'; Command = 'vmmesh'; Unit = $null; Conffiles = @(); ManPage = 'vmmesh.1' }
)

# The LTTng trace provider links liblttng-ust.so.0, which Debian 12 does not ship (it has .so.1); the runtime loads
# the provider only if it is present, so leaving it out loses nothing and keeps Depends satisfiable.
$Excluded = @('libcoreclrtraceptprovider.so', '*.pdb', '*.dbg')

function Fail([string] $Message) { throw "build-debs.ps1: $Message" }

function Invoke-Tool([string] $Tool, [string[]] $Arguments, [string] $What) {
    $output = & $Tool @Arguments 2>&1
    if ($LASTEXITCODE -ne 0) {
        Fail "$What failed ($Tool exited $LASTEXITCODE):`n$($output -join "`n")"
    }
    return $output
}

function Assert-Inputs {
    foreach ($tool in 'dpkg-deb', 'dpkg-shlibdeps', 'gzip') {
        if (-not (Get-Command $tool -CommandType Application -ErrorAction SilentlyContinue)) {
            Fail "'$tool' is not installed; install the Debian package dpkg-dev (apt-get install dpkg-dev)."
        }
    }
    # Debian policy 5.6.12: upstream version starts with a digit; no epoch or revision here (native packages).
    if ($Version -notmatch '^[0-9][A-Za-z0-9.+~]*$') {
        Fail "-Version '$Version' is not a Debian version; use digits, letters and . + ~ starting with a digit, such as 0.1.0."
    }
    foreach ($package in $Packages) {
        $publish = Join-Path $PublishRoot $package.Publish
        if (-not (Test-Path -LiteralPath (Join-Path $publish $package.Command) -PathType Leaf)) {
            Fail "$publish/$($package.Command) is missing; publish linux-x64 first (dotnet pwsh ./build.ps1 package does)."
        }
    }
}

# Files 0644, directories 0755, the programs 0755: the publish has 0744 everywhere, which lintian and dpkg frown on.
function Set-Modes([string] $Dir, [string[]] $Executables) {
    Get-ChildItem -LiteralPath $Dir -Recurse -Directory | ForEach-Object { $_.UnixFileMode = [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute' }
    Get-ChildItem -LiteralPath $Dir -Recurse -File | Where-Object { -not $_.LinkType } | ForEach-Object {
        $_.UnixFileMode = if ($Executables -contains $_.FullName) { [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute' } else { [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead' }
    }
}

function Test-Elf([string] $Path) {
    $stream = [IO.File]::OpenRead($Path)
    try {
        $magic = [byte[]]::new(4)
        return $stream.Read($magic, 0, 4) -eq 4 -and $magic[0] -eq 0x7F -and $magic[1] -eq 0x45 -and $magic[2] -eq 0x4C -and $magic[3] -eq 0x46
    }
    finally { $stream.Dispose() }
}

# Depends for the ELF files, as dh_shlibdeps computes it (dpkg-shlibdeps wants a debian/control to run in).
function Get-ShlibDepends([string] $ProgramDir) {
    $work = Join-Path ([IO.Path]::GetTempPath()) "vmmesh-shlibdeps-$([guid]::NewGuid().ToString('N'))"
    New-Item -ItemType Directory -Path (Join-Path $work 'debian') | Out-Null
    try {
        Set-Content -LiteralPath (Join-Path $work 'debian/control') -Value "Source: vmmesh`nMaintainer: $Maintainer`n`nPackage: vmmesh`nArchitecture: amd64`n"
        $elves = Get-ChildItem -LiteralPath $ProgramDir -File | Where-Object { Test-Elf $_.FullName } | ForEach-Object FullName
        Push-Location $work
        try {
            $output = Invoke-Tool 'dpkg-shlibdeps' (@('-O', "-l$ProgramDir") + $elves) "dpkg-shlibdeps on $ProgramDir"
        }
        finally { Pop-Location }
        $line = $output | Where-Object { "$_" -like 'shlibs:Depends=*' } | Select-Object -First 1
        if (-not $line) { Fail "dpkg-shlibdeps printed no shlibs:Depends for $ProgramDir" }
        return "$line".Substring('shlibs:Depends='.Length)
    }
    finally {
        Remove-Item -Recurse -Force -LiteralPath $work
    }
}

# Installed-Size as dpkg-gencontrol counts it: KiB per regular file rounded up, plus one per directory and link.
function Get-InstalledSize([string] $Root) {
    $size = 0
    foreach ($item in Get-ChildItem -LiteralPath $Root -Recurse -Force | Where-Object { $_.FullName -notlike (Join-Path $Root 'DEBIAN*') }) {
        $size += if ($item.PSIsContainer -or $item.LinkType) { 1 } else { [math]::Ceiling($item.Length / 1024) }
    }
    return [long] $size
}

function New-Changelog([string] $Package, [string] $Path, [long] $Epoch) {
    $date = [DateTimeOffset]::FromUnixTimeSeconds($Epoch).ToString('ddd, dd MMM yyyy HH:mm:ss +0000', [Globalization.CultureInfo]::InvariantCulture)
    $text = "$Package ($Version) unstable; urgency=medium`n`n  * VmMesh $Version, built from the VmMesh repository.`n`n -- $Maintainer  $date`n"
    $plain = $Path -replace '\.gz$', ''
    [IO.File]::WriteAllText($plain, $text)
    Invoke-Tool 'gzip' @('-9n', $plain) "gzip of $plain" | Out-Null
}

function Write-Md5sums([string] $Root, [string[]] $Conffiles) {
    # Like dh_md5sums: every regular file outside DEBIAN except conffiles (dpkg tracks those itself).
    $lines = foreach ($file in Get-ChildItem -LiteralPath $Root -Recurse -File | Where-Object { -not $_.LinkType } | Sort-Object FullName) {
        $relative = [IO.Path]::GetRelativePath($Root, $file.FullName).Replace('\', '/')
        if ($relative -like 'DEBIAN/*' -or $Conffiles -contains "/$relative") { continue }
        "$((Get-FileHash -Algorithm MD5 -LiteralPath $file.FullName).Hash.ToLowerInvariant())  $relative"
    }
    [IO.File]::WriteAllText((Join-Path $Root 'DEBIAN/md5sums'), (($lines -join "`n") + "`n"))
}

function Build-Package([hashtable] $Package, [string] $Staging, [long] $Epoch) {
    $name = $Package.Name
    $source = Join-Path $DebDir $name
    $root = Join-Path $Staging $name
    $programDir = Join-Path $root "usr/lib/vmmesh/$($Package.Publish)"
    $fileMode = [IO.UnixFileMode]'UserRead, UserWrite, GroupRead, OtherRead'
    $execMode = [IO.UnixFileMode]'UserRead, UserWrite, UserExecute, GroupRead, GroupExecute, OtherRead, OtherExecute'

    New-Item -ItemType Directory -Force -Path $programDir, (Join-Path $root 'usr/bin'), (Join-Path $root "usr/share/doc/$name"), (Join-Path $root 'usr/share/lintian/overrides'), (Join-Path $root 'DEBIAN') | Out-Null
    Copy-Item -Path (Join-Path (Join-Path $PublishRoot $Package.Publish) '*') -Destination $programDir -Recurse -Exclude $Excluded
    New-Item -ItemType SymbolicLink -Path (Join-Path $root "usr/bin/$($Package.Command)") -Target "../lib/vmmesh/$($Package.Publish)/$($Package.Command)" | Out-Null

    if ($Package.Unit) {
        $unitDir = Join-Path $root 'usr/lib/systemd/system'
        New-Item -ItemType Directory -Force -Path $unitDir | Out-Null
        Copy-Item -LiteralPath (Join-Path $SystemdDir $Package.Unit) -Destination $unitDir
    }

    $conffiles = @($Package.Conffiles | ForEach-Object { "/etc/vmmesh/$_" })
    if ($conffiles.Count -gt 0) {
        New-Item -ItemType Directory -Force -Path (Join-Path $root 'etc/vmmesh') | Out-Null
        foreach ($conffile in $Package.Conffiles) { Copy-Item -LiteralPath (Join-Path $source $conffile) -Destination (Join-Path $root 'etc/vmmesh') }
        $declared = @(Get-Content -LiteralPath (Join-Path $source 'conffiles') | Where-Object { $_ })
        if (Compare-Object $declared $conffiles) { Fail "$source/conffiles lists $($declared -join ', ') but the package installs $($conffiles -join ', ')" }
        Copy-Item -LiteralPath (Join-Path $source 'conffiles') -Destination (Join-Path $root 'DEBIAN/conffiles')
    }

    $doc = Join-Path $root "usr/share/doc/$name"
    (Get-Content -Raw -LiteralPath (Join-Path $DebDir 'copyright')).Replace('@MAINTAINER@', $Maintainer).Replace('@HOMEPAGE@', $Homepage) | Set-Content -NoNewline -LiteralPath (Join-Path $doc 'copyright')
    if (Test-Path -LiteralPath (Join-Path $source 'README.Debian')) { Copy-Item -LiteralPath (Join-Path $source 'README.Debian') -Destination $doc }
    # A native package (the version has no Debian revision): policy 12.7 names its changelog changelog.gz.
    New-Changelog $name (Join-Path $doc 'changelog.gz') $Epoch
    $section = $Package.ManPage.Split('.')[-1]
    $manDir = Join-Path $root "usr/share/man/man$section"
    New-Item -ItemType Directory -Force -Path $manDir | Out-Null
    Copy-Item -LiteralPath (Join-Path $source $Package.ManPage) -Destination $manDir
    Invoke-Tool 'gzip' @('-9n', (Join-Path $manDir $Package.ManPage)) "gzip of $($Package.ManPage)" | Out-Null
    Copy-Item -LiteralPath (Join-Path $source 'lintian-overrides') -Destination (Join-Path $root "usr/share/lintian/overrides/$name")

    # createdump is the runtime's crash-dump helper, started by the runtime itself.
    Set-Modes (Join-Path $root 'usr') @((Join-Path $programDir $Package.Command), (Join-Path $programDir 'createdump'))
    if (Test-Path -LiteralPath (Join-Path $root 'etc')) { Set-Modes (Join-Path $root 'etc') @() }

    foreach ($script in 'postinst', 'prerm', 'postrm') {
        $path = Join-Path $source $script
        if (Test-Path -LiteralPath $path) {
            Copy-Item -LiteralPath $path -Destination (Join-Path $root 'DEBIAN')
            (Get-Item -LiteralPath (Join-Path $root "DEBIAN/$script")).UnixFileMode = $execMode
        }
    }

    $control = (Get-Content -Raw -LiteralPath (Join-Path $source 'control')).
        Replace('@VERSION@', $Version).
        Replace('@MAINTAINER@', $Maintainer).
        Replace('@HOMEPAGE@', $Homepage).
        Replace('@SHLIBS@', (Get-ShlibDepends $programDir)).
        Replace('@INSTALLED_SIZE@', [string](Get-InstalledSize $root))
    if ($control -match '@[A-Z_]+@') { Fail "$source/control still has the placeholder $($Matches[0])" }
    [IO.File]::WriteAllText((Join-Path $root 'DEBIAN/control'), $control)
    Write-Md5sums $root $conffiles
    Get-ChildItem -LiteralPath (Join-Path $root 'DEBIAN') -File | Where-Object { $_.Name -notin 'postinst', 'prerm', 'postrm' } | ForEach-Object { $_.UnixFileMode = $fileMode }

    # gzip, not the default xz: xz takes minutes per 100 MB package on a 2-core CI machine; every dpkg reads gzip.
    $deb = Join-Path $OutputDir "${name}_${Version}_amd64.deb"
    Invoke-Tool 'dpkg-deb' @('--root-owner-group', '-Zgzip', '--build', $root, $deb) "dpkg-deb --build of $name" | Out-Null
    Write-Host "  $deb"
}

Assert-Inputs
$PublishRoot = (Resolve-Path -LiteralPath $PublishRoot).Path
New-Item -ItemType Directory -Force -Path $OutputDir | Out-Null
$OutputDir = (Resolve-Path -LiteralPath $OutputDir).Path

# Reproducible: dpkg-deb clamps file times to SOURCE_DATE_EPOCH; the changelog date is the same instant (the commit's).
if (-not $env:SOURCE_DATE_EPOCH) {
    $commitTime = & git -C $DebDir log -1 --format=%ct 2>$null
    $env:SOURCE_DATE_EPOCH = if ($LASTEXITCODE -eq 0 -and $commitTime) { "$commitTime".Trim() } else { [string][DateTimeOffset]::UtcNow.ToUnixTimeSeconds() }
}

$staging = Join-Path ([IO.Path]::GetTempPath()) "vmmesh-debs-$([guid]::NewGuid().ToString('N'))"
try {
    foreach ($package in $Packages) {
        Build-Package $package $staging ([long] $env:SOURCE_DATE_EPOCH)
    }
}
finally {
    if (Test-Path -LiteralPath $staging) { Remove-Item -Recurse -Force -LiteralPath $staging }
}
