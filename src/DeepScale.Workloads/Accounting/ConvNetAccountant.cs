using System.Collections.Immutable;

using DeepScale.Core.Units;

using DeepScale.Workloads.Models;

namespace DeepScale.Workloads.Accounting;

/// <summary>
/// The operators of a convolutional network for one micro-batch on one device. Convolutions are implicit GEMMs
/// (M = samples·output pixels, N = output channels, K = input channels·kernel area). Each tensor kept for backward
/// is counted once, by the operator that consumes it: a convolution keeps its input, a batch norm its input, an
/// in-place ReLU nothing (its output is the next convolution's input), a max pool its input and int64 indices.
/// </summary>
internal static class ConvNetAccountant
{
    public static ImmutableArray<LayerAccount> Account(ConvNetModel model, AccountingOptions options)
    {
        if (options.TensorParallel != 1)
        {
            throw new WorkloadSpecException("parallelism.tensor",
                $"{options.TensorParallel}: tensor parallelism is modelled for transformers only; use 1 for {model.Id}");
        }

        var state = new State(options.MicroBatch, model.InputChannels, model.InputHeight, model.InputWidth);
        var layers = new List<LayerAccount>();
        for (int i = 0; i < model.Blocks.Length; i++)
        {
            ConvNetBlock block = model.Blocks[i];
            var ob = new OperatorBuilder(i, options);
            var ops = new List<Operator>();
            string p = $"block{i}";
            LayerKind kind = LayerKind.Convolution;
            switch (block.Kind)
            {
                case ConvNetBlockKind.Conv:
                    ops.Add(Conv(ob, state, p + ".conv", block.Channels, block.Kernel, block.Stride, block.Padding, block.Bias, false));
                    if (block.BatchNorm)
                    {
                        ops.Add(BatchNorm(ob, state, p + ".bn"));
                    }

                    if (block.Relu)
                    {
                        ops.Add(Relu(ob, state, p + ".relu", saved: false));
                    }

                    break;
                case ConvNetBlockKind.MaxPool:
                    ops.Add(MaxPool(ob, state, p + ".maxpool", block));
                    kind = LayerKind.Pooling;
                    break;
                case ConvNetBlockKind.GlobalAveragePool:
                    ops.Add(GlobalAveragePool(ob, state, p + ".avgpool"));
                    kind = LayerKind.Pooling;
                    break;
                case ConvNetBlockKind.Bottleneck or ConvNetBlockKind.Basic:
                    AddPostActivationBlock(ob, state, p, block, ops);
                    break;
                case ConvNetBlockKind.PreActivationBasic:
                    AddPreActivationBlock(ob, state, p, block, ops);
                    break;
                case ConvNetBlockKind.BatchNormRelu:
                    ops.Add(BatchNorm(ob, state, p + ".bn"));
                    ops.Add(Relu(ob, state, p + ".relu", saved: true));
                    break;
                case ConvNetBlockKind.Dense:
                    kind = LayerKind.Dense;
                    ops.Add(Dense(ob, state, p + ".fc", block.Channels, block.Bias));
                    if (block.Relu)
                    {
                        ops.Add(Relu(ob, state, p + ".relu", saved: false));
                    }

                    if (i == model.Blocks.Length - 1)
                    {
                        ops.Add(Loss(ob, state.Batch, state.Channels));
                        kind = LayerKind.Head;
                    }

                    break;
                default:
                    throw new WorkloadSpecException($"model.blocks[{i}].kind", $"{block.Kind} is not a known block kind");
            }

            layers.Add(Finish(i, $"{p}.{block.Kind.ToString().ToLowerInvariant()}", kind, ops, options.Recompute));
        }

        return [.. layers];
    }

    /// <summary>The mutable walk state: the current feature map and whether the data input has been consumed.</summary>
    private sealed class State(double batch, long channels, long height, long width)
    {
        public double Batch { get; } = batch;

        public long Channels { get; set; } = channels;

        public long Height { get; set; } = height;

        public long Width { get; set; } = width;

        public bool AtInput { get; set; } = true;

        public double Elements => Batch * Channels * Height * Width;
    }

    private static Operator Conv(OperatorBuilder ob, State s, string name, int outChannels, int kernel, int stride, int padding,
        bool bias, bool sharesInput)
    {
        long hOut = ConvNetModel.ConvOutput(s.Height, kernel, stride, padding);
        long wOut = ConvNetModel.ConvOutput(s.Width, kernel, stride, padding);
        double k = (double)s.Channels * kernel * kernel;
        double inputBytes = s.Elements * ob.E;
        double outputBytes = s.Batch * outChannels * hOut * wOut * ob.E;
        long parameters = (s.Channels * kernel * kernel * outChannels) + (bias ? outChannels : 0);
        var shape = new ConvolutionShape((long)s.Batch, s.Channels, outChannels, s.Height, s.Width, hOut, wOut, kernel, stride);
        Operator op = ob.Convolution(name, s.Batch * hOut * wOut, outChannels, k, inputBytes, outputBytes, parameters,
            sharesInput ? 0 : inputBytes, inputGradient: !s.AtInput, shape);
        s.AtInput = false;
        s.Channels = outChannels;
        s.Height = hOut;
        s.Width = wOut;
        return op;
    }

    private static Operator BatchNorm(OperatorBuilder ob, State s, string name) => ob.BatchNorm(name, s.Elements, s.Channels);

    private static Operator Relu(OperatorBuilder ob, State s, string name, bool saved)
    {
        double n = s.Elements;
        return ob.Memory(name, OperatorKind.ElementWise, n, n * ob.E, n * ob.E, 2 * n * ob.E, n * ob.E,
            savedBytes: saved ? n * ob.E : 0);
    }

    private static Operator Add(OperatorBuilder ob, State s, string name)
    {
        double n = s.Elements;
        return ob.Memory(name, OperatorKind.ElementWise, n, 2 * n * ob.E, n * ob.E, 0, 0);
    }

    private static Operator MaxPool(OperatorBuilder ob, State s, string name, ConvNetBlock b)
    {
        double nIn = s.Elements;
        s.Height = ConvNetModel.ConvOutput(s.Height, b.Kernel, b.Stride, b.Padding);
        s.Width = ConvNetModel.ConvOutput(s.Width, b.Kernel, b.Stride, b.Padding);
        double nOut = s.Elements;
        // PyTorch's max_pool2d_with_indices keeps the input and an int64 index per output element.
        return ob.Memory(name, OperatorKind.Pooling, (double)b.Kernel * b.Kernel * nOut, nIn * ob.E, nOut * (ob.E + 8),
            nOut * (ob.E + 8), nIn * ob.E, savedBytes: (nIn * ob.E) + (8 * nOut));
    }

    private static Operator GlobalAveragePool(OperatorBuilder ob, State s, string name)
    {
        double nIn = s.Elements;
        s.Height = 1;
        s.Width = 1;
        double nOut = s.Elements;
        return ob.Memory(name, OperatorKind.Pooling, nIn, nIn * ob.E, nOut * ob.E, nOut * ob.E, nIn * ob.E);
    }

    private static Operator Dense(OperatorBuilder ob, State s, string name, int outFeatures, bool bias)
    {
        double inFeatures = s.Channels * s.Height * s.Width;
        Operator op = ob.Linear(name, s.Batch, outFeatures, inFeatures,
            ((long)inFeatures * outFeatures) + (bias ? outFeatures : 0), s.Batch * inFeatures * ob.E, []);
        if (s.AtInput)
        {
            op = op with { BackwardInput = WorkAmount.Zero };
        }

        s.AtInput = false;
        s.Channels = outFeatures;
        s.Height = 1;
        s.Width = 1;
        return op;
    }

    /// <summary>Softmax cross-entropy over the logits in fp32; keeps the probabilities.</summary>
    internal static Operator Loss(OperatorBuilder ob, double rows, double classes)
    {
        double n = rows * classes;
        return ob.Memory("loss", OperatorKind.Loss, 5 * n, n * ob.E, 4 * n, 4 * n, n * ob.E, savedBytes: 4 * n)
            with
        { BackwardTransient = new Bytes(n * (ob.E + 4)) };
    }

    /// <summary>ResNet bottleneck (v1.5, stride on the 3×3) or basic block, post-activation (He et al. 2016).</summary>
    private static void AddPostActivationBlock(OperatorBuilder ob, State s, string p, ConvNetBlock b, List<Operator> ops)
    {
        long inChannels = s.Channels, inHeight = s.Height, inWidth = s.Width;
        int outChannels = b.Channels * b.Expansion;
        bool project = b.Projection ?? (b.Stride != 1 || inChannels != outChannels);
        if (b.Kind == ConvNetBlockKind.Bottleneck)
        {
            ops.Add(Conv(ob, s, p + ".conv1", b.Channels, 1, 1, 0, false, false));
            ops.Add(BatchNorm(ob, s, p + ".bn1"));
            ops.Add(Relu(ob, s, p + ".relu1", false));
            ops.Add(Conv(ob, s, p + ".conv2", b.Channels, 3, b.Stride, 1, false, false));
            ops.Add(BatchNorm(ob, s, p + ".bn2"));
            ops.Add(Relu(ob, s, p + ".relu2", false));
            ops.Add(Conv(ob, s, p + ".conv3", outChannels, 1, 1, 0, false, false));
            ops.Add(BatchNorm(ob, s, p + ".bn3"));
        }
        else
        {
            ops.Add(Conv(ob, s, p + ".conv1", b.Channels, 3, b.Stride, 1, false, false));
            ops.Add(BatchNorm(ob, s, p + ".bn1"));
            ops.Add(Relu(ob, s, p + ".relu1", false));
            ops.Add(Conv(ob, s, p + ".conv2", outChannels, 3, 1, 1, false, false));
            ops.Add(BatchNorm(ob, s, p + ".bn2"));
        }

        if (project)
        {
            // The shortcut reads the block input, which conv1 already keeps.
            var shortcut = new State(s.Batch, inChannels, inHeight, inWidth) { AtInput = false };
            ops.Add(Conv(ob, shortcut, p + ".downsample.conv", outChannels, 1, b.Stride, 0, false, true));
            ops.Add(BatchNorm(ob, shortcut, p + ".downsample.bn"));
        }

        ops.Add(Add(ob, s, p + ".add"));
        ops.Add(Relu(ob, s, p + ".relu", false));
    }

    /// <summary>Pre-activation basic block (He et al. 2016b; Wu et al. 2020's ResNet-22): BN-ReLU-conv twice, projection on the activated input.</summary>
    private static void AddPreActivationBlock(OperatorBuilder ob, State s, string p, ConvNetBlock b, List<Operator> ops)
    {
        long inChannels = s.Channels, inHeight = s.Height, inWidth = s.Width;
        bool project = b.Projection ?? (b.Stride != 1 || inChannels != b.Channels);
        ops.Add(BatchNorm(ob, s, p + ".bn1"));
        ops.Add(Relu(ob, s, p + ".relu1", false));
        if (project)
        {
            var shortcut = new State(s.Batch, inChannels, inHeight, inWidth) { AtInput = false };
            ops.Add(Conv(ob, shortcut, p + ".downsample.conv", b.Channels, 1, b.Stride, 0, false, true));
        }

        ops.Add(Conv(ob, s, p + ".conv1", b.Channels, 3, b.Stride, 1, false, false));
        ops.Add(BatchNorm(ob, s, p + ".bn2"));
        ops.Add(Relu(ob, s, p + ".relu2", false));
        ops.Add(Conv(ob, s, p + ".conv2", b.Channels, 3, 1, 1, false, false));
        ops.Add(Add(ob, s, p + ".add"));
    }

    /// <summary>Full recomputation of a block keeps only its first operator's saved input (checkpointing per block).</summary>
    internal static LayerAccount Finish(int index, string name, LayerKind kind, List<Operator> ops, RecomputeMode mode)
    {
        if (mode != RecomputeMode.Full || kind == LayerKind.Head || ops.Count == 0)
        {
            return new LayerAccount(index, name, kind, [.. ops]);
        }

        double none = ops.Sum(o => o.SavedActivations.Count);
        var recomputed = ops.Select((o, i) => o with
        {
            Recomputed = true,
            SavedActivations = i == 0 ? o.SavedActivations : Bytes.Zero,
        }).ToImmutableArray();
        return new LayerAccount(index, name, kind, recomputed)
        {
            RecomputeWorkingSet = new Bytes(none - recomputed.Sum(o => o.SavedActivations.Count)),
        };
    }
}
