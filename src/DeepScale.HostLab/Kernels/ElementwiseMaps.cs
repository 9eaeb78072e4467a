using System.Runtime.Intrinsics;

namespace DeepScale.HostLab.Kernels;

/// <summary>x + y.</summary>
internal readonly struct AddMap : IBinaryMap
{
    public float Invoke(float x, float y) => x + y;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => x + y;

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => x + y;
}

/// <summary>
/// x + y with results below the smallest normal float in magnitude flushed to zero: what x86's flush-to-zero mode
/// (MXCSR FTZ, which oneDNN primitives and PyTorch's <c>set_flush_denormal</c> switch on) does in hardware. A
/// momentum buffer of a unit whose gradient stays zero decays geometrically into the subnormal range and, under
/// round-to-nearest, stays at the smallest subnormal for good; every later pass over it then takes the processor's
/// slow microcode assist for subnormal operands.
/// </summary>
internal readonly struct AddFlushToZeroMap : IBinaryMap
{
    private const float SmallestNormal = 1.17549435e-38f;

    public float Invoke(float x, float y)
    {
        float r = x + y;
        return MathF.Abs(r) < SmallestNormal ? 0f : r;
    }

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> r = x + y;
        return Vector256.ConditionalSelect(Vector256.LessThan(Vector256.Abs(r), Vector256.Create(SmallestNormal)), Vector256<float>.Zero, r);
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> r = x + y;
        return Vector512.ConditionalSelect(Vector512.LessThan(Vector512.Abs(r), Vector512.Create(SmallestNormal)), Vector512<float>.Zero, r);
    }
}

/// <summary>α·x + y (y is the second input).</summary>
internal readonly struct AxpyMap(float alpha) : IBinaryMap
{
    public float Invoke(float x, float y) => MathF.FusedMultiplyAdd(alpha, x, y);

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.FusedMultiplyAdd(Vector256.Create(alpha), x, y);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.FusedMultiplyAdd(Vector512.Create(alpha), x, y);
}

/// <summary>α·x.</summary>
internal readonly struct ScaleMap(float alpha) : IUnaryMap
{
    public float Invoke(float x) => alpha * x;

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.Create(alpha) * x;

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.Create(alpha) * x;
}

/// <summary>x + c for a constant c.</summary>
internal readonly struct AddScalarMap(float value) : IUnaryMap
{
    public float Invoke(float x) => x + value;

    public Vector256<float> Invoke(Vector256<float> x) => x + Vector256.Create(value);

    public Vector512<float> Invoke(Vector512<float> x) => x + Vector512.Create(value);
}

/// <summary>max(x, 0).</summary>
internal readonly struct ReluMap : IUnaryMap
{
    public float Invoke(float x) => x > 0f ? x : 0f;

    public Vector256<float> Invoke(Vector256<float> x) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), x, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), x, Vector512<float>.Zero);
}

/// <summary>dy where x &gt; 0, else 0 (x is the first input, dy the second).</summary>
internal readonly struct ReluGradientMap : IBinaryMap
{
    public float Invoke(float x, float y) => x > 0f ? y : 0f;

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y) => Vector256.ConditionalSelect(Vector256.GreaterThan(x, Vector256<float>.Zero), y, Vector256<float>.Zero);

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y) => Vector512.ConditionalSelect(Vector512.GreaterThan(x, Vector512<float>.Zero), y, Vector512<float>.Zero);
}

/// <summary>
/// GELU, tanh form (Hendrycks and Gimpel 2016, "Gaussian Error Linear Units", section 2):
/// 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))), with tanh(u) = 1 − 2 / (e^{2u} + 1).
/// </summary>
internal readonly struct GeluMap : IUnaryMap
{
    /// <summary>√(2/π).</summary>
    public const float Sqrt2OverPi = 0.7978845608f;

    /// <summary>The cubic coefficient of the tanh approximation (Hendrycks and Gimpel 2016, section 2).</summary>
    public const float Cubic = 0.044715f;

    public float Invoke(float x)
    {
        float u = Sqrt2OverPi * (x + (Cubic * x * x * x));
        float t = 1f - (2f / (MathF.Exp(2f * u) + 1f));
        return 0.5f * x * (1f + t);
    }

    public Vector256<float> Invoke(Vector256<float> x)
    {
        Vector256<float> u = Vector256.Create(Sqrt2OverPi) * (x + (Vector256.Create(Cubic) * x * x * x));
        Vector256<float> t = Vector256<float>.One - (Vector256.Create(2f) / (Vector256.Exp(u + u) + Vector256<float>.One));
        return Vector256.Create(0.5f) * x * (Vector256<float>.One + t);
    }

    public Vector512<float> Invoke(Vector512<float> x)
    {
        Vector512<float> u = Vector512.Create(Sqrt2OverPi) * (x + (Vector512.Create(Cubic) * x * x * x));
        Vector512<float> t = Vector512<float>.One - (Vector512.Create(2f) / (Vector512.Exp(u + u) + Vector512<float>.One));
        return Vector512.Create(0.5f) * x * (Vector512<float>.One + t);
    }
}

/// <summary>
/// dy · GELU'(x) for the tanh form: 0.5·(1 + t) + 0.5·x·(1 − t²)·√(2/π)·(1 + 3·0.044715·x²), t = tanh(u).
/// </summary>
internal readonly struct GeluGradientMap : IBinaryMap
{
    public float Invoke(float x, float y)
    {
        float u = GeluMap.Sqrt2OverPi * (x + (GeluMap.Cubic * x * x * x));
        float t = 1f - (2f / (MathF.Exp(2f * u) + 1f));
        float du = GeluMap.Sqrt2OverPi * (1f + (3f * GeluMap.Cubic * x * x));
        return y * ((0.5f * (1f + t)) + (0.5f * x * (1f - (t * t)) * du));
    }

    public Vector256<float> Invoke(Vector256<float> x, Vector256<float> y)
    {
        Vector256<float> one = Vector256<float>.One;
        Vector256<float> half = Vector256.Create(0.5f);
        Vector256<float> x2 = x * x;
        Vector256<float> u = Vector256.Create(GeluMap.Sqrt2OverPi) * (x + (Vector256.Create(GeluMap.Cubic) * x2 * x));
        Vector256<float> t = one - (Vector256.Create(2f) / (Vector256.Exp(u + u) + one));
        Vector256<float> du = Vector256.Create(GeluMap.Sqrt2OverPi) * (one + (Vector256.Create(3f * GeluMap.Cubic) * x2));
        return y * ((half * (one + t)) + (half * x * (one - (t * t)) * du));
    }

    public Vector512<float> Invoke(Vector512<float> x, Vector512<float> y)
    {
        Vector512<float> one = Vector512<float>.One;
        Vector512<float> half = Vector512.Create(0.5f);
        Vector512<float> x2 = x * x;
        Vector512<float> u = Vector512.Create(GeluMap.Sqrt2OverPi) * (x + (Vector512.Create(GeluMap.Cubic) * x2 * x));
        Vector512<float> t = one - (Vector512.Create(2f) / (Vector512.Exp(u + u) + one));
        Vector512<float> du = Vector512.Create(GeluMap.Sqrt2OverPi) * (one + (Vector512.Create(3f * GeluMap.Cubic) * x2));
        return y * ((half * (one + t)) + (half * x * (one - (t * t)) * du));
    }
}
