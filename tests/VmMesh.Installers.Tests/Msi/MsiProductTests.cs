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
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ProductCode_AfterPackage_IsTheVersion5UuidOfTheVersionInTheUpgradeCodeNamespace(string name)
    {
        // Stable per version: a rebuilt MSI of the same version is recognised as installed, not installed twice.
        var product = MsiProduct.Get(name);
        var properties = await (await product.OpenAsync()).TableAsync("Property");

        Assert.Equal(NameBasedUuid(product.UpgradeCode, PackageArtifacts.Version), properties.Single("Property", "ProductCode")["Value"]);
    }

    [Fact]
    public void NameBasedUuid_RfcExample_MatchesPythonUuid5()
    {
        // uuid.uuid5(uuid.NAMESPACE_DNS, "python.org") == 886313e1-3b8a-5372-9b90-0c9aee199e5d
        Assert.Equal("{886313E1-3B8A-5372-9B90-0C9AEE199E5D}", NameBasedUuid("{6ba7b810-9dad-11d1-80b4-00c04fd430c8}", "python.org"));
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

    // RFC 4122 version 5: SHA-1 over the namespace UUID's bytes (network order) and the UTF-8 name.
    private static string NameBasedUuid(string namespaceUuid, string name)
    {
        var bytes = Convert.FromHexString(namespaceUuid.Trim('{', '}').Replace("-", string.Empty, StringComparison.Ordinal))
            .Concat(System.Text.Encoding.UTF8.GetBytes(name))
            .ToArray();
#pragma warning disable CA5350 // SHA-1 is what RFC 4122 version 5 specifies; this is an identifier, not security.
        var hash = System.Security.Cryptography.SHA1.HashData(bytes)[..16];
#pragma warning restore CA5350
        hash[6] = (byte)((hash[6] & 0x0F) | 0x50);
        hash[8] = (byte)((hash[8] & 0x3F) | 0x80);
        var hex = Convert.ToHexString(hash);
        return $"{{{hex[..8]}-{hex[8..12]}-{hex[12..16]}-{hex[16..20]}-{hex[20..]}}}";
    }
}
