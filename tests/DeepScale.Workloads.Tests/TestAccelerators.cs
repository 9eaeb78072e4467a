using DeepScale.Core.Units;
using DeepScale.Hardware.Specs;

namespace DeepScale.Workloads.Tests;

/// <summary>Accelerator specs written by hand from the shared catalog and the measured MAMF table.</summary>
internal static class TestAccelerators
{
    /// <summary>
    /// shared/catalog/accelerators.csv row "NVIDIA A100 SXM4 80GB": 80 GB (binary), 2039 GB/s, fp32 19.5, tf32 156,
    /// fp16/bf16 312 TFLOP/s dense, no fp8, NVLink 300 GB/s per direction. MAMF ceiling: shared/refdata/
    /// mamf_matmul_tflops.csv row "NVIDIA A100 SXM,bf16,271.2,312".
    /// </summary>
    public static AcceleratorSpec A100Sxm80 { get; } = new(
        "a100-sxm4-80gb", "NVIDIA A100 SXM4 80GB", Bytes.FromGiB(80), ByteRate.FromGBps(2039),
        new Dictionary<Precision, FlopRate>
        {
            [Precision.Fp32] = FlopRate.FromTera(19.5),
            [Precision.Tf32] = FlopRate.FromTera(156),
            [Precision.Fp16] = FlopRate.FromTera(312),
            [Precision.Bf16] = FlopRate.FromTera(312),
        },
        new Dictionary<Precision, double> { [Precision.Bf16] = 271.2 / 312 },
        ByteRate.FromGBps(300), "test: accelerators.csv A100 SXM4 80GB; mamf A100 SXM bf16")
    {
        MatmulCeilingShape = new Dictionary<Precision, MatmulShape> { [Precision.Bf16] = new(1024, 10240, 5120) },
    };

    /// <summary>
    /// accelerators.csv row "NVIDIA H100 SXM5 80GB": 80 GB, 3350 GB/s, fp32 67, tf32 494.5, fp16/bf16 989,
    /// fp8 1979. MAMF rows "NVIDIA H100 SXM,bf16,794.5,989" and "NVIDIA H100 SXM,fp8_e4m3fn,1402.6,1979".
    /// </summary>
    public static AcceleratorSpec H100Sxm80 { get; } = new(
        "h100-sxm5-80gb", "NVIDIA H100 SXM5 80GB", Bytes.FromGiB(80), ByteRate.FromGBps(3350),
        new Dictionary<Precision, FlopRate>
        {
            [Precision.Fp32] = FlopRate.FromTera(67),
            [Precision.Tf32] = FlopRate.FromTera(494.5),
            [Precision.Fp16] = FlopRate.FromTera(989),
            [Precision.Bf16] = FlopRate.FromTera(989),
            [Precision.Fp8] = FlopRate.FromTera(1979),
        },
        new Dictionary<Precision, double> { [Precision.Bf16] = 794.5 / 989, [Precision.Fp8] = 1402.6 / 1979 },
        ByteRate.FromGBps(450), "test: accelerators.csv H100 SXM5 80GB; mamf H100 SXM bf16/fp8")
    {
        MatmulCeilingShape = new Dictionary<Precision, MatmulShape> { [Precision.Bf16] = new(2048, 2048, 13312), [Precision.Fp8] = new(1024, 9216, 14336) },
    };

    /// <summary>accelerators.csv row "NVIDIA V100 SXM2 32GB": 32 GB, 900 GB/s, fp32 15.7, fp16 125; no tf32, bf16, fp8.</summary>
    public static AcceleratorSpec V100Sxm32 { get; } = new(
        "v100-sxm2-32gb", "NVIDIA V100 SXM2 32GB", Bytes.FromGiB(32), ByteRate.FromGBps(900),
        new Dictionary<Precision, FlopRate>
        {
            [Precision.Fp32] = FlopRate.FromTera(15.7),
            [Precision.Fp16] = FlopRate.FromTera(125),
        },
        new Dictionary<Precision, double>(),
        ByteRate.FromGBps(150), "test: accelerators.csv V100 SXM2 32GB");
}
