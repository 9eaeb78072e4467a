namespace DeepScale.Core.Units;

/// <summary>The number format a kernel computes in. TF32 is FP32 storage with tensor-core math.</summary>
public enum Precision
{
    Fp32,
    Tf32,
    Fp16,
    Bf16,
    Fp8,
}

/// <summary>Storage sizes of the number formats.</summary>
public static class PrecisionExtensions
{
    /// <summary>Bytes one element occupies in memory (TF32 is stored as FP32).</summary>
    public static int BytesPerElement(this Precision precision) => precision switch
    {
        Precision.Fp32 or Precision.Tf32 => 4,
        Precision.Fp16 or Precision.Bf16 => 2,
        Precision.Fp8 => 1,
        _ => throw new ArgumentOutOfRangeException(nameof(precision), precision, null),
    };

    /// <summary>The spec spelling: fp32, tf32, fp16, bf16, fp8.</summary>
    public static string ToSpecString(this Precision precision) => precision.ToString().ToLowerInvariant();
}
