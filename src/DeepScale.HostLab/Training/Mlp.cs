using DeepScale.Core.Random;
using DeepScale.HostLab.Kernels;

namespace DeepScale.HostLab.Training;

/// <summary>
/// A multi-layer perceptron classifier with softmax cross-entropy loss, trained by explicit forward and backward
/// passes over the host kernels (<see cref="MlpWork"/> lists them). Parameters live in one flat buffer (per
/// layer W then b), and gradients are written to one flat buffer of the same layout, so a single all-reduce
/// exchanges them all.
/// </summary>
/// <remarks>Lifecycle per step: <see cref="Forward"/> (stores activations and dLogits), <see cref="Backward"/>.
/// Buffers are sized for <see cref="MaxBatch"/> rows; smaller batches use a prefix.</remarks>
internal sealed class Mlp
{
    private readonly int[] _widths;
    private readonly int[] _weightOffset;
    private readonly int[] _biasOffset;
    private readonly Activation _activation;
    private readonly int _threads;

    /// <summary>The input of the last forward pass (batch × widths[0]).</summary>
    private readonly float[] _input;

    /// <summary>Pre-activations Z_l of every layer (batch × widths[l + 1]); the last one holds the logits.</summary>
    private readonly float[][] _pre;

    /// <summary>Post-activations A_{l+1} = act(Z_l) of the hidden layers.</summary>
    private readonly float[][] _post;

    private readonly float[] _probabilities;
    private readonly float[] _delta;
    private readonly float[] _deltaPrevious;
    private int _batch;

    public Mlp(IReadOnlyList<int> widths, Activation activation, int maxBatch, int threads)
    {
        if (widths.Count < 2 || widths.Any(w => w < 1))
        {
            throw new ArgumentException("model: needs at least an input and an output width, all positive", nameof(widths));
        }

        _widths = [.. widths];
        _activation = activation;
        _threads = threads;
        MaxBatch = maxBatch;
        int layers = _widths.Length - 1;
        _weightOffset = new int[layers];
        _biasOffset = new int[layers];
        int offset = 0;
        for (int l = 0; l < layers; l++)
        {
            _weightOffset[l] = offset;
            offset += _widths[l] * _widths[l + 1];
            _biasOffset[l] = offset;
            offset += _widths[l + 1];
        }

        ParameterCount = offset;
        Parameters = new float[offset];
        int widest = _widths.Max();
        _input = new float[maxBatch * _widths[0]];
        _pre = new float[layers][];
        _post = new float[layers][];
        for (int l = 0; l < layers; l++)
        {
            _pre[l] = new float[maxBatch * _widths[l + 1]];
            _post[l] = l < layers - 1 ? new float[maxBatch * _widths[l + 1]] : [];
        }

        _probabilities = new float[maxBatch * _widths[layers]];
        _delta = new float[maxBatch * widest];
        _deltaPrevious = new float[maxBatch * widest];
    }

    public int ParameterCount { get; }

    public int MaxBatch { get; }

    public int Classes => _widths[^1];

    /// <summary>The flat parameter buffer (per layer W_l then b_l).</summary>
    public float[] Parameters { get; }

    /// <summary>He initialisation (He et al. 2015, "Delving deep into rectifiers", section 2.2): W ~ N(0, 2/in), b = 0.</summary>
    public void Initialize(DeterministicRandom random)
    {
        for (int l = 0; l < _widths.Length - 1; l++)
        {
            double std = Math.Sqrt(2.0 / _widths[l]);
            Span<float> w = Parameters.AsSpan(_weightOffset[l], _widths[l] * _widths[l + 1]);
            for (int i = 0; i < w.Length; i++)
            {
                w[i] = (float)random.Normal(0, std);
            }

            Parameters.AsSpan(_biasOffset[l], _widths[l + 1]).Clear();
        }
    }

    /// <summary>
    /// Forward pass and mean cross-entropy over the batch; leaves dLoss/dLogits = (softmax − one-hot) / batch for
    /// <see cref="Backward"/>. Returns the mean loss and the number of rows whose arg-max logit is the label.
    /// </summary>
    public (float Loss, int Correct) Forward(ReadOnlySpan<float> x, ReadOnlySpan<int> labels, int batch)
    {
        if (batch < 1 || batch > MaxBatch)
        {
            throw new ArgumentOutOfRangeException(nameof(batch), batch, $"model: batch {batch} must be in [1, {MaxBatch}]");
        }

        _batch = batch;
        x[..(batch * _widths[0])].CopyTo(_input);
        int layers = _widths.Length - 1;
        ReadOnlySpan<float> a = _input.AsSpan(0, batch * _widths[0]);
        for (int l = 0; l < layers; l++)
        {
            int outputs = _widths[l + 1];
            Span<float> z = _pre[l].AsSpan(0, batch * outputs);
            Gemm.Multiply(a, Weights(l), z, new GemmShape(batch, outputs, _widths[l]), _threads);
            ReadOnlySpan<float> bias = Parameters.AsSpan(_biasOffset[l], outputs);
            for (int r = 0; r < batch; r++)
            {
                Span<float> row = z.Slice(r * outputs, outputs);
                Elementwise.Add(row, bias, row);
            }

            if (l < layers - 1)
            {
                Span<float> post = _post[l].AsSpan(0, batch * outputs);
                if (_activation == Activation.Relu)
                {
                    Elementwise.Relu(z, post);
                }
                else
                {
                    Elementwise.Gelu(z, post);
                }

                a = post;
            }
        }

        int classes = Classes;
        ReadOnlySpan<float> logits = _pre[layers - 1].AsSpan(0, batch * classes);
        Span<float> p = _probabilities.AsSpan(0, batch * classes);
        Softmax.Rows(logits, p, batch, classes);
        double loss = 0;
        int correct = 0;
        Span<float> delta = _delta.AsSpan(0, batch * classes);
        float inverseBatch = 1f / batch;
        for (int r = 0; r < batch; r++)
        {
            int label = labels[r];
            ReadOnlySpan<float> row = p.Slice(r * classes, classes);
            loss -= Math.Log(Math.Max(row[label], 1e-30f));
            if (ArgMax(logits.Slice(r * classes, classes)) == label)
            {
                correct++;
            }

            Span<float> d = delta.Slice(r * classes, classes);
            for (int c = 0; c < classes; c++)
            {
                d[c] = (row[c] - (c == label ? 1f : 0f)) * inverseBatch;
            }
        }

        return ((float)(loss / batch), correct);
    }

    /// <summary>Backpropagates the last forward pass; writes every parameter's gradient into <paramref name="gradients"/>.</summary>
    public void Backward(Span<float> gradients)
    {
        int batch = _batch;
        float[] delta = _delta;
        float[] spare = _deltaPrevious;
        for (int l = _widths.Length - 2; l >= 0; l--)
        {
            int inputs = _widths[l];
            int outputs = _widths[l + 1];
            ReadOnlySpan<float> dz = delta.AsSpan(0, batch * outputs);
            ReadOnlySpan<float> a = l == 0 ? _input.AsSpan(0, batch * inputs) : _post[l - 1].AsSpan(0, batch * inputs);
            Gemm.Multiply(a, dz, gradients.Slice(_weightOffset[l], inputs * outputs),
                new GemmShape(inputs, outputs, batch, TransposeA: true), _threads);
            Reduction.ColumnSums(dz, batch, outputs, gradients.Slice(_biasOffset[l], outputs));
            if (l == 0)
            {
                break;
            }

            Span<float> da = spare.AsSpan(0, batch * inputs);
            Gemm.Multiply(dz, Weights(l), da, new GemmShape(batch, inputs, outputs, TransposeB: true), _threads);
            ReadOnlySpan<float> zPrevious = _pre[l - 1].AsSpan(0, batch * inputs);
            if (_activation == Activation.Relu)
            {
                Elementwise.ReluGradient(zPrevious, da, da);
            }
            else
            {
                Elementwise.GeluGradient(zPrevious, da, da);
            }

            (delta, spare) = (spare, delta);
        }
    }

    private ReadOnlySpan<float> Weights(int layer) => Parameters.AsSpan(_weightOffset[layer], _widths[layer] * _widths[layer + 1]);

    private static int ArgMax(ReadOnlySpan<float> values)
    {
        int best = 0;
        for (int i = 1; i < values.Length; i++)
        {
            if (values[i] > values[best])
            {
                best = i;
            }
        }

        return best;
    }
}
