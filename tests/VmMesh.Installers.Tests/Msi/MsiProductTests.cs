using VmMesh.Installers.Tests.Support;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>The MSIs build.ps1 package writes: names, product identity and the major-upgrade rules (msiinfo).</summary>
public sealed class MsiProductTests
{
    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Msi_AfterPackage_IsNamedWithVersionAndIsAn64BitPackage(string name)
    {
        var product = MsiProduct.Get(name);

        var path = PackageArtifacts.Package(product.MsiFileName);
        var msi = await MsiDatabase.OpenAsync(path);

        Assert.Equal($"{name}-{PackageArtifacts.Version}-x64.msi", Path.GetFileName(path));
        Assert.Equal("x64;1033", await msi.SummaryAsync("Template"));
        Assert.Equal("500 (1f4)", await msi.SummaryAsync("Version"));
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task PropertyTable_AfterPackage_HasVersionManufacturerAndFixedUpgradeCode(string name)
    {
        var product = MsiProduct.Get(name);
        var properties = await (await product.OpenAsync()).TableAsync("Property");

        string Value(string property) => properties.Single("Property", property)["Value"];
        Assert.Equal(PackageArtifacts.Version, Value("ProductVersion"));
        Assert.Equal("VmMesh", Value("Manufacturer"));
        Assert.Equal(product.ProductName, Value("ProductName"));
        Assert.Equal(product.UpgradeCode, Value("UpgradeCode"));
        Assert.Equal("1", Value("ALLUSERS"));
        Assert.Matches("^\\{[0-9A-F]{8}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{4}-[0-9A-F]{12}\\}$", Value("ProductCode"));
    }

    [Fact]
    public void UpgradeCodes_OfTheTwoProducts_Differ()
    {
        Assert.NotEqual(MsiProduct.Sidecar.UpgradeCode, MsiProduct.PolicyServer.UpgradeCode);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task UpgradeTable_AfterPackage_RemovesOlderVersionsAndDetectsNewerOnes(string name)
    {
        var product = MsiProduct.Get(name);
        var upgrade = await (await product.OpenAsync()).TableAsync("Upgrade");

        var rows = upgrade.Rows
            .Select(r => $"{r["UpgradeCode"]} min={r["VersionMin"]} max={r["VersionMax"]} attributes={r["Attributes"]} -> {r["ActionProperty"]}")
            .Order(StringComparer.Ordinal);

        // Attributes: 1 = migrate feature states (older versions are removed), 2 = only detect (newer versions block).
        // Neither bound is inclusive, so the same version is neither upgraded nor blocked.
        var version = PackageArtifacts.Version;
        Assert.Equal(
            [
                $"{product.UpgradeCode} min= max={version} attributes=1 -> WIX_UPGRADE_DETECTED",
                $"{product.UpgradeCode} min={version} max= attributes=2 -> WIX_DOWNGRADE_DETECTED",
            ],
            rows);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Downgrade_WhenNewerInstalled_IsRefusedWithMessage(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var condition = (await msi.TableAsync("LaunchCondition")).Single("Condition", "NOT WIX_DOWNGRADE_DETECTED");

        Assert.Equal(
            $"A newer version of the {product.ProductName} is already installed. Uninstall it first to install this older version.",
            condition["Description"]);
        Assert.Contains("WIX_DOWNGRADE_DETECTED", (await msi.TableAsync("Property")).Single("Property", "SecureCustomProperties")["Value"].Split(';'));
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task RemoveExistingProducts_AfterPackage_RunsRightAfterInstallInitialize(string name)
    {
        // Early removal: wixl leaves File.Version empty, so a late removal would keep the old versioned DLLs.
        var sequence = await (await MsiProduct.Get(name).OpenAsync()).TableAsync("InstallExecuteSequence");

        int At(string action) => int.Parse(sequence.Single("Action", action)["Sequence"], System.Globalization.CultureInfo.InvariantCulture);
        Assert.InRange(At("RemoveExistingProducts"), At("InstallInitialize") + 1, At("ProcessComponents") - 1);
        Assert.True(At("FindRelatedProducts") < At("InstallInitialize"));
    }
}
