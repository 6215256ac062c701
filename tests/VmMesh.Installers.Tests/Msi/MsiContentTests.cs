using System.Security.Cryptography;

namespace VmMesh.Installers.Tests.Msi;

/// <summary>What each MSI puts on disk: every published file under Program Files, the config under ProgramData, the data folder.</summary>
public sealed class MsiContentTests
{
    // Component.Attributes bits (msidbComponentAttributes*).
    private const int Permanent = 0x10;
    private const int NeverOverwrite = 0x80;
    private const int SixtyFourBit = 0x100;

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task FileTable_AfterPackage_HasEveryPublishedFileUnderProgramFilesVmMesh(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var installed = (await msi.FilePathsAsync()).Values
            .Where(p => p.StartsWith(product.InstallDir + "\\", StringComparison.Ordinal))
            .Select(p => p[(product.InstallDir.Length + 1)..])
            .Order(StringComparer.Ordinal)
            .ToList();
        var published = Directory.EnumerateFiles(product.PublishDir, "*", SearchOption.AllDirectories)
            .Select(p => Path.GetRelativePath(product.PublishDir, p).Replace('/', '\\'))
            .Order(StringComparer.Ordinal)
            .ToList();

        Assert.Contains(product.ServiceExe, installed);
        Assert.True(published.Count > 100, $"{product.PublishDir} has only {published.Count} files; is it a self-contained publish?");
        Assert.Equal(published, installed);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task FileTable_AfterPackage_HasNothingElseButTheConfigFile(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var elsewhere = (await msi.FilePathsAsync()).Values
            .Where(p => !p.StartsWith(product.InstallDir + "\\", StringComparison.Ordinal));

        Assert.Equal([$"CommonAppDataFolder\\VmMesh\\{product.ConfigFileName}"], elsewhere);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Components_AfterPackage_AreAll64Bit(string name)
    {
        var components = await (await MsiProduct.Get(name).OpenAsync()).TableAsync("Component");

        Assert.All(components.Rows, c => Assert.True((Attributes(c) & SixtyFourBit) != 0, $"component {c["Component"]} is not 64-bit"));
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task ConfigComponent_AfterPackage_IsNeverOverwrittenAndPermanent(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var component = (await msi.TableAsync("Component")).Single("Component", product.ConfigComponent);
        var keyFile = (await msi.TableAsync("File")).Single("File", component["KeyPath"]);

        Assert.Equal(product.ConfigFileName, keyFile["FileName"]);
        Assert.Equal(NeverOverwrite | Permanent | SixtyFourBit, Attributes(component));
        Assert.Equal(
            [product.ConfigComponent],
            (await msi.TableAsync("Component")).Rows.Where(c => (Attributes(c) & (NeverOverwrite | Permanent)) != 0).Select(c => c["Component"]));
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Folders_AfterPackage_CreateDataDirAndLockProgramDataVmMeshToSystemAndAdministrators(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();

        var created = new List<string>();
        foreach (var folder in (await msi.TableAsync("CreateFolder")).Rows)
        {
            created.Add(await msi.DirectoryPathAsync(folder["Directory_"]));
        }

        var acl = Assert.Single((await msi.TableAsync("MsiLockPermissionsEx")).Rows);

        Assert.Equal(["CommonAppDataFolder\\VmMesh", product.DataDir], created.Order(StringComparer.Ordinal));
        Assert.Equal("CreateFolder", acl["Table"]);
        Assert.Equal("CommonAppDataFolder\\VmMesh", await msi.DirectoryPathAsync(acl["LockObject"]));
        Assert.Equal("D:PAI(A;OICI;FA;;;SY)(A;OICI;FA;;;BA)", acl["SDDL"]);
    }

    [Theory]
    [MemberData(nameof(MsiProduct.Names), MemberType = typeof(MsiProduct))]
    public async Task Msiextract_AfterPackage_YieldsFilesByteIdenticalToPublishAndConfigSource(string name)
    {
        var product = MsiProduct.Get(name);
        var msi = await product.OpenAsync();
        var target = Directory.CreateTempSubdirectory("vmmesh-msiextract-");
        try
        {
            await MsiTool.RunAsync("msiextract", "-C", target.FullName, msi.Path);

            // msiextract drops the standard folders (Program Files, ProgramData) and keeps the rest of each path.
            var extracted = Path.Combine(target.FullName, "VmMesh", name);
            Assert.Equal(Hashes(product.PublishDir), Hashes(extracted));
            Assert.Equal(
                await File.ReadAllBytesAsync(product.ConfigSource),
                await File.ReadAllBytesAsync(Path.Combine(target.FullName, "VmMesh", product.ConfigFileName)));
        }
        finally
        {
            target.Delete(recursive: true);
        }
    }

    private static int Attributes(IReadOnlyDictionary<string, string> component) =>
        int.Parse(component["Attributes"], System.Globalization.CultureInfo.InvariantCulture);

    private static SortedDictionary<string, string> Hashes(string root)
    {
        var hashes = new SortedDictionary<string, string>(StringComparer.Ordinal);
        foreach (var file in Directory.EnumerateFiles(root, "*", SearchOption.AllDirectories))
        {
            using var stream = File.OpenRead(file);
            hashes[Path.GetRelativePath(root, file)] = Convert.ToHexString(SHA256.HashData(stream));
        }

        return hashes;
    }
}
