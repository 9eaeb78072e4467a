using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum (Polyak 1964; the form of Sutskever et al. 2013, ICML,
/// equation 1 as implemented by common frameworks): v ← μ·v + g, w ← w − η·v. With μ = 0 it is plain SGD. The
/// momentum buffer is kept free of subnormal values (flushed to zero, as CPU frameworks run their kernels in
/// flush-to-zero mode): otherwise the buffer of every unit whose gradient stays zero ends up subnormal after some
/// 800 steps and the step's time is set by the processor's subnormal assists instead of its memory traffic.
/// </summary>
internal sealed class SgdMomentum(int parameters, float learningRate, float momentum)
{
    private readonly float[] _velocity = new float[parameters];

    public void Step(Span<float> weights, ReadOnlySpan<float> gradients)
    {
        if (momentum == 0f)
        {
            Elementwise.Axpy(-learningRate, gradients, weights);
            return;
        }

        Elementwise.Scale(_velocity, momentum, _velocity);
        Elementwise.AddFlushToZero(_velocity, gradients, _velocity);
        Elementwise.Axpy(-learningRate, _velocity, weights);
    }
}
