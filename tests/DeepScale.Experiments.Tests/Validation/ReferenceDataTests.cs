using DeepScale.Experiments.Validation;

namespace DeepScale.Experiments.Tests.Validation;

[TestClass]
public sealed class ReferenceDataTests
{
    [TestMethod]
    [DataRow(MegatronTable1Suite.FileName, 10)]
    [DataRow(MegatronTable2Suite.FileName, 29)]
    [DataRow(NcclBusBandwidthSuite.FileName, 113)]
    [DataRow(HorovodSuite.FileName, 42)]
    [DataRow(GoyalImageNetSuite.FileName, 8)]
    [DataRow(GpipeSuite.FileName, 24)]
    [DataRow(DeepSpeedZeroSuite.FileName, 59)]
    public void Table_SourceCopy_HasEveryPublishedRow(string file, int rows)
    {
        Assert.HasCount(rows, ValidationFixture.Data.Table(file).Rows);
    }

    [TestMethod]
    public void Default_InCheckout_ReadsTheCopies()
    {
        Assert.HasCount(10, ReferenceData.Default.Table(MegatronTable1Suite.FileName).Rows);
    }

    [TestMethod]
    public void Table_MissingFile_ThrowsNamingTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("refdata-missing").FullName;
        var ex = Assert.ThrowsExactly<ReferenceDataException>(() => ReferenceData.FromDirectory(dir).Table("absent.csv"));
        Assert.Contains("absent.csv", ex.Message);
    }

    [TestMethod]
    public void Table_RowWithTooManyFields_ThrowsNamingTheFile()
    {
        string dir = Directory.CreateTempSubdirectory("refdata-bad").FullName;
        File.WriteAllText(Path.Combine(dir, "bad.csv"), "a,b\n1,2,3\n");
        var ex = Assert.ThrowsExactly<ReferenceDataException>(() => ReferenceData.FromDirectory(dir).Table("bad.csv"));
        Assert.Contains("bad.csv", ex.Message);
    }

    [TestMethod]
    public void FindSourceFolder_OutsideCheckout_ReturnsNull()
    {
        Assert.IsNull(ReferenceData.FindSourceFolder(Path.GetPathRoot(Path.GetTempPath())!));
    }
}
