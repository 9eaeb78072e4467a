using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Training;

/// <summary>
/// Stochastic gradient descent with heavy-ball momentum (Polyak 1964; the form of Sutskever et al. 2013, ICML,
/// equation 1 as implemented by common frameworks): v ← μ·v + g, w ← w − η·v. With μ = 0 it is plain SGD.
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
        Elementwise.Add(_velocity, gradients, _velocity);
        Elementwise.Axpy(-learningRate, _velocity, weights);
    }
}
