using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace DeepScale.HostLab.Kernels;

/// <summary>An element-wise function of one input, in scalar, 256-bit and 512-bit forms that agree.</summary>
internal interface IUnaryMap
{
    float Invoke(float x);

    Vector256<float> Invoke(Vector256<float> x);

    Vector512<float> Invoke(Vector512<float> x);
}

/// <summary>An element-wise function of two inputs, in scalar, 256-bit and 512-bit forms that agree.</summary>
internal interface IBinaryMap
{
    float Invoke(float x, float y);

    Vector256<float> Invoke(Vector256<float> x, Vector256<float> y);

    Vector512<float> Invoke(Vector512<float> x, Vector512<float> y);
}

/// <summary>
/// Drives an element-wise map over spans with the widest accelerated vectors (512-bit, else 256-bit), then a
/// scalar tail. Output may alias an input: every element is read before it is written.
/// </summary>
internal static class VectorMap
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Unary<TMap>(TMap map, ReadOnlySpan<float> x, Span<float> dst)
        where TMap : struct, IUnaryMap
    {
        int n = x.Length;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float pd = ref MemoryMarshal.GetReference(dst);
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; (int)i <= n - (2 * Vector512<float>.Count); i += (nuint)(2 * Vector512<float>.Count))
            {
                Vector512<float> a = Vector512.LoadUnsafe(ref px, i);
                Vector512<float> b = Vector512.LoadUnsafe(ref px, i + (nuint)Vector512<float>.Count);
                map.Invoke(a).StoreUnsafe(ref pd, i);
                map.Invoke(b).StoreUnsafe(ref pd, i + (nuint)Vector512<float>.Count);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; (int)i <= n - Vector256<float>.Count; i += (nuint)Vector256<float>.Count)
            {
                map.Invoke(Vector256.LoadUnsafe(ref px, i)).StoreUnsafe(ref pd, i);
            }
        }

        for (; (int)i < n; i++)
        {
            Unsafe.Add(ref pd, i) = map.Invoke(Unsafe.Add(ref px, i));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Binary<TMap>(TMap map, ReadOnlySpan<float> x, ReadOnlySpan<float> y, Span<float> dst)
        where TMap : struct, IBinaryMap
    {
        int n = x.Length;
        ref float px = ref MemoryMarshal.GetReference(x);
        ref float py = ref MemoryMarshal.GetReference(y);
        ref float pd = ref MemoryMarshal.GetReference(dst);
        nuint i = 0;
        if (Vector512.IsHardwareAccelerated)
        {
            for (; (int)i <= n - (2 * Vector512<float>.Count); i += (nuint)(2 * Vector512<float>.Count))
            {
                nuint j = i + (nuint)Vector512<float>.Count;
                Vector512<float> a0 = Vector512.LoadUnsafe(ref px, i);
                Vector512<float> a1 = Vector512.LoadUnsafe(ref px, j);
                Vector512<float> b0 = Vector512.LoadUnsafe(ref py, i);
                Vector512<float> b1 = Vector512.LoadUnsafe(ref py, j);
                map.Invoke(a0, b0).StoreUnsafe(ref pd, i);
                map.Invoke(a1, b1).StoreUnsafe(ref pd, j);
            }
        }

        if (Vector256.IsHardwareAccelerated)
        {
            for (; (int)i <= n - Vector256<float>.Count; i += (nuint)Vector256<float>.Count)
            {
                map.Invoke(Vector256.LoadUnsafe(ref px, i), Vector256.LoadUnsafe(ref py, i)).StoreUnsafe(ref pd, i);
            }
        }

        for (; (int)i < n; i++)
        {
            Unsafe.Add(ref pd, i) = map.Invoke(Unsafe.Add(ref px, i), Unsafe.Add(ref py, i));
        }
    }
}
