using System.Globalization;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>The Windows service each MSI installs: ServiceInstall, ServiceControl and the recovery (restart on failure) rows.</summary>
public sealed class MsiServiceTests
{
    // ServiceControl.Event bits (msidbServiceControlEvent*).
    private const int StartOnInstall = 0x1;
    private const int StopOnInstall = 0x2;
    private const int StopOnUninstall = 0x20;
    private const int DeleteOnUninstall = 0x80;

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ServiceInstall_AfterPackage_IsAutoStartOwnProcessUnderLocalSystemWithConfigArguments(string name)
    {
        var product = MsiProduct.Get(name);
        var service = (await (await product.OpenAsync()).TableAsync("ServiceInstall")).Single("Name", name);

        Assert.Equal(product.ServiceDisplayName, service["DisplayName"]);
        Assert.Equal("16", service["ServiceType"]); // SERVICE_WIN32_OWN_PROCESS
        Assert.Equal("2", service["StartType"]); // SERVICE_AUTO_START
        Assert.Equal("32769", service["ErrorControl"]); // SERVICE_ERROR_NORMAL | msidbServiceInstallErrorControlVital
        Assert.Equal("LocalSystem", service["StartName"]);
        Assert.Equal(string.Empty, service["Password"]);
        Assert.Equal(product.ServiceArguments, service["Arguments"]);
        Assert.Equal("ServiceExecutable", service["Component_"]);
        Assert.StartsWith(product.ServiceDisplayName + ": ", service["Description"], StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ServiceComponent_AfterPackage_HasTheServiceExeAsKeyPathInInstallDir(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var component = (await msi.TableAsync("Component")).Single("Component", "ServiceExecutable");
        var keyFile = (await msi.TableAsync("File")).Single("File", component["KeyPath"]);

        Assert.Equal(product.ServiceExe, keyFile["FileName"]);
        Assert.Equal(product.InstallDir + "\\" + product.ServiceExe, (await msi.FilePathsAsync())[keyFile["File"]]);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ServiceControl_AfterPackage_StartsOnInstallStopsOnBothAndRemovesOnUninstallWaiting(string name)
    {
        var product = MsiProduct.Get(name);
        var controls = await (await product.OpenAsync()).TableAsync("ServiceControl");

        var control = Assert.Single(controls.Rows);

        Assert.Equal(name, control["Name"]);
        Assert.Equal((StartOnInstall | StopOnInstall | StopOnUninstall | DeleteOnUninstall).ToString(CultureInfo.InvariantCulture), control["Event"]);
        Assert.Equal("163", control["Event"]);
        Assert.Equal("1", control["Wait"]);
        Assert.Equal(string.Empty, control["Arguments"]);
        Assert.Equal("ServiceExecutable", control["Component_"]);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Recovery_AfterPackage_RestartsAfter5s5s30sAndResetsDaily(string name)
    {
        var msi = await MsiProduct.Get(name).OpenAsync();

        var recovery = Assert.Single((await msi.TableAsync("MsiServiceConfigFailureActions")).Rows);

        Assert.Equal(name, recovery["Name"]);
        Assert.Equal("5", recovery["Event"]); // on install and on reinstall (repair)
        Assert.Equal("86400", recovery["ResetPeriod"]);
        Assert.Equal("1[~]1[~]1", recovery["Actions"]); // SC_ACTION_RESTART ×3
        Assert.Equal("5000[~]5000[~]30000", recovery["DelayActions"]);
        Assert.Equal(string.Empty, recovery["Command"]);
        Assert.Equal(string.Empty, recovery["RebootMessage"]);
        Assert.Equal("ServiceExecutable", recovery["Component_"]);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task MsiConfigureServices_AfterPackage_RunsBetweenInstallServicesAndStartServices(string name)
    {
        // Without the action in the sequence, Windows Installer ignores MsiServiceConfigFailureActions.
        var sequence = await (await MsiProduct.Get(name).OpenAsync()).TableAsync("InstallExecuteSequence");

        int At(string action) => int.Parse(sequence.Single("Action", action)["Sequence"], CultureInfo.InvariantCulture);
        Assert.InRange(At("MsiConfigureServices"), At("InstallServices") + 1, At("StartServices") - 1);
        Assert.Equal("VersionNT >= 600", sequence.Single("Action", "MsiConfigureServices")["Condition"]);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ServiceArguments_AfterPackage_NameOnlyPathsTheMsiCreates(string name)
    {
        // Every "[CommonAppDataFolder]…" path in the command line is a file or folder this MSI installs there, except the
        // policy server's KEK, which the admin (or Ansible) provides because it must be the same on every replica.
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();
        var installed = new HashSet<string>((await msi.FilePathsAsync()).Values, StringComparer.Ordinal);
        foreach (var folder in (await msi.TableAsync("CreateFolder")).Rows)
        {
            installed.Add(await msi.DirectoryPathAsync(folder["Directory_"]));
        }

        var paths = System.Text.RegularExpressions.Regex.Matches(product.ServiceArguments, "\\[CommonAppDataFolder\\]([^\"]+)")
            .Select(m => "CommonAppDataFolder\\" + m.Groups[1].Value)
            .ToList();

        Assert.NotEmpty(paths);
        Assert.All(paths.Where(p => !p.EndsWith("\\kek", StringComparison.Ordinal)), p => Assert.Contains(p, installed));
    }
}
