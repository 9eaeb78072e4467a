namespace DeepScale.Workloads.Accounting;

/// <summary>The role of a layer in the model, which decides where a pipeline puts it.</summary>
public enum LayerKind
{
    /// <summary>Input embedding (token, position, patch): the first pipeline stage.</summary>
    Embedding,

    /// <summary>A transformer block.</summary>
    Transformer,

    /// <summary>The output head and loss: the last pipeline stage.</summary>
    Head,

    /// <summary>A convolutional block or the stem.</summary>
    Convolution,

    /// <summary>A pooling layer.</summary>
    Pooling,

    /// <summary>A fully connected layer.</summary>
    Dense,
}
