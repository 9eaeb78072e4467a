using DeepScale.Benchmarks.Calibration;
using DeepScale.HostLab.Kernels;

namespace DeepScale.Benchmarks.Tests.Calibration;

[TestClass]
public sealed class KernelCaseTests
{
    [TestMethod]
    public void Cases_EveryBenchmarkClass_Enumerated()
    {
        IReadOnlyList<KernelCase> cases = CalibrationRunner.Cases();
        foreach (HostKernel kernel in Enum.GetValues<HostKernel>())
        {
            Assert.IsTrue(cases.Any(c => c.Kernel == kernel), kernel.ToString());
        }

        Assert.HasCount(20 + 6 + 15 + 3 + 3 + 3 + 6 + 8 + (4 * 2 * 2) + 2, cases);
    }

    [TestMethod]
    [DataRow("gemm", "Shape=64x512x512;Threads=2", 2)]
    [DataRow("gemm", "Shape=64x512x512;Threads=1", 1)]
    [DataRow("all_reduce", "Elements=1024;Ranks=4;Placement=Spread", 4)]
    [DataRow("all_reduce", "Elements=1024;Ranks=4;Placement=OneCore", 1)]
    [DataRow("file_read", "FileLength=4194304;BlockSize=65536;Cache=Warm", 1)]
    public void Cores_ThreadsOrASpreadRingsProcesses(string kernel, string parameters, int cores) =>
        Assert.AreEqual(cores, KernelCase.Parse(kernel, parameters).Cores);

    [TestMethod]
    public void Parse_TextOfEveryCase_GivesTheSameCase()
    {
        foreach (KernelCase c in CalibrationRunner.Cases())
        {
            Assert.AreEqual(c, KernelCase.Parse(c.KernelName, c.Parameters), c.ToString());
        }
    }

    [TestMethod]
    public void Parse_GemmWithTransposedOperand_ReadsShapeAndThreads()
    {
        KernelCase c = KernelCase.Parse("gemm", "Shape=64x512x512 Bt;Threads=2");
        Assert.AreEqual(new GemmShape(64, 512, 512, TransposeB: true), c.Work);
        Assert.AreEqual(2, c.Threads);
    }

    [TestMethod]
    public void Parse_FileRead_ReadsCacheMode()
    {
        KernelCase c = KernelCase.Parse("file_read", "FileLength=4194304;BlockSize=65536;Cache=Evicted");
        Assert.AreEqual(PageCacheMode.Evicted, c.Cache);
        Assert.AreEqual(new FileReadShape(4194304, 65536), c.Work);
    }

    [TestMethod]
    [DataRow("gemm", "Shape=64x64;Threads=1", "calibration.gemm.Shape")]
    [DataRow("gemm", "Shape=64x64x64 Ct;Threads=1", "unknown flag")]
    [DataRow("gemm", "Size=64;Threads=1", "no parameter 'Size'")]
    [DataRow("conv2d", "Shape=N8 C16 32x32 K32 R3;Threads=1", "calibration.conv2d.Shape")]
    [DataRow("elementwise", "Op=Tanh;Length=64", "calibration.elementwise.Op")]
    [DataRow("matmul", "Shape=1x1x1", "calibration.kernel")]
    [DataRow("reduction", "Length=big", "calibration.reduction.Length")]
    public void Parse_BadText_ThrowsNamingTheField(string kernel, string parameters, string expected)
    {
        FormatException e = Assert.ThrowsExactly<FormatException>(() => KernelCase.Parse(kernel, parameters));
        Assert.Contains(expected, e.Message);
    }
}
