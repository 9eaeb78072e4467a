using System.Collections.Immutable;

namespace DeepScale.Workloads.Models;

/// <summary>
/// The named model presets of the design document, by id. <see cref="Get"/> returns a validated description; an
/// unknown id throws <see cref="WorkloadSpecException"/> listing the nearest valid ids.
/// </summary>
public static class ModelZoo
{
    private static readonly ImmutableArray<ModelDescription> s_presets = Build();

    /// <summary>Every preset id, in a stable order (GPT sizes ascending, then the other families).</summary>
    public static ImmutableArray<string> Ids { get; } = [.. s_presets.Select(m => m.Id)];

    /// <summary>The preset with this id (case-insensitive).</summary>
    public static ModelDescription Get(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        foreach (ModelDescription m in s_presets)
        {
            if (string.Equals(m.Id, id.Trim(), StringComparison.OrdinalIgnoreCase))
            {
                return m;
            }
        }

        IEnumerable<string> nearest = s_presets
            .Select(m => (m.Id, Distance: EditDistance(id.Trim().ToLowerInvariant(), m.Id)))
            .OrderBy(p => p.Distance).ThenBy(p => p.Id, StringComparer.Ordinal)
            .Take(3)
            .Select(p => p.Id);
        throw new WorkloadSpecException("model.preset", $"unknown preset '{id}'; nearest valid ids: {string.Join(", ", nearest)}");
    }

    /// <summary>The preset with this id, as a transformer; throws when the preset is not one.</summary>
    public static TransformerModel GetTransformer(string id) => Get(id) as TransformerModel
        ?? throw new WorkloadSpecException("model.preset", $"'{id}' is not a transformer preset");

    private static ImmutableArray<ModelDescription> Build()
    {
        var list = new List<ModelDescription>();

        // Megatron SC21 Table 1 (Narayanan et al. 2021; shared/refdata/megatron_sc21_table1.csv): GPT-3 architecture,
        // seq 2048, vocab 51200, tied embeddings, learned positions. Ids name the published parameter counts.
        (string Id, int Heads, int Hidden, int Layers)[] sc21 =
        [
            ("gpt3-1.7b", 24, 2304, 24), ("gpt3-3.6b", 32, 3072, 30), ("gpt3-7.5b", 32, 4096, 36),
            ("gpt3-18b", 48, 6144, 40), ("gpt3-39b", 64, 8192, 48), ("gpt3-76b", 80, 10240, 60),
            ("gpt3-145b", 96, 12288, 80), ("gpt3-175b", 96, 12288, 96), ("gpt3-310b", 128, 16384, 96),
            ("gpt3-530b", 128, 20480, 105), ("gpt3-1t", 160, 25600, 128),
        ];
        foreach ((string id, int heads, int hidden, int layers) in sc21)
        {
            // gpt3-175b: 96 layers, 96 heads, h = 12288 (Brown et al. 2020 Table 2.1; Narayanan et al. 2021 Table 2).
            list.Add(Gpt(id, layers, hidden, heads));
        }

        // Llama 2 (Touvron et al. 2023, Table 1 and the released config.json files): RMSNorm, SwiGLU, rotary, untied,
        // no biases, no dropout, vocab 32000, context 4096; 70B uses 8 key/value heads.
        list.Add(Llama("llama2-7b", layers: 32, hidden: 4096, heads: 32, kvHeads: 32, ffn: 11008, seq: 4096, vocab: 32000));
        list.Add(Llama("llama2-70b", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffn: 28672, seq: 4096, vocab: 32000));

        // Llama 3 (Dubey et al. 2024, Table 3): vocab 128256 (128K), 8 key/value heads, context 8192.
        list.Add(Llama("llama3-8b", layers: 32, hidden: 4096, heads: 32, kvHeads: 8, ffn: 14336, seq: 8192, vocab: 128256));
        list.Add(Llama("llama3-70b", layers: 80, hidden: 8192, heads: 64, kvHeads: 8, ffn: 28672, seq: 8192, vocab: 128256));

        // BERT-large (Devlin et al. 2019): L = 24, H = 1024, A = 16, FFN 4H, WordPiece vocab 30522, 512 positions,
        // 2 token types, post-LN, GeLU, tied MLM decoder.
        list.Add(new TransformerModel("bert-large", ModelFamily.Bert)
        {
            Layers = 24,
            Hidden = 1024,
            Heads = 16,
            KvHeads = 16,
            FfnHidden = 4096,
            SeqLen = 512,
            Vocab = 30522,
            TiedEmbeddings = true,
            Causal = false,
            TokenTypes = 2,
        });

        // ResNet-50 v1.5 (He et al. 2016; the torchvision layout with the stride on the 3x3): stem 7x7/2 64 + max pool,
        // stages of 3, 4, 6, 3 bottlenecks at 64, 128, 256, 512 planes, global pool, 1000-way classifier; 224x224 RGB.
        list.Add(new ConvNetModel("resnet50", ModelFamily.ResNet, 3, 224, 224,
        [
            ConvNetBlock.Conv(64, 7, 2, 3), ConvNetBlock.MaxPool(3, 2, 1),
            .. Stage(ConvNetBlock.Bottleneck, 64, 3, 1), .. Stage(ConvNetBlock.Bottleneck, 128, 4, 2),
            .. Stage(ConvNetBlock.Bottleneck, 256, 6, 2), .. Stage(ConvNetBlock.Bottleneck, 512, 3, 2),
            ConvNetBlock.GlobalAveragePool(), ConvNetBlock.Dense(1000, relu: false),
        ]));

        // ResNet-101 (He et al. 2016, Table 1): ResNet-50's bottleneck design with 3, 4, 23, 3 blocks per stage;
        // same stem, stride placement (v1.5, on the 3x3), head and input as resnet50.
        list.Add(new ConvNetModel("resnet101", ModelFamily.ResNet, 3, 224, 224,
        [
            ConvNetBlock.Conv(64, 7, 2, 3), ConvNetBlock.MaxPool(3, 2, 1),
            .. Stage(ConvNetBlock.Bottleneck, 64, 3, 1), .. Stage(ConvNetBlock.Bottleneck, 128, 4, 2),
            .. Stage(ConvNetBlock.Bottleneck, 256, 23, 2), .. Stage(ConvNetBlock.Bottleneck, 512, 3, 2),
            ConvNetBlock.GlobalAveragePool(), ConvNetBlock.Dense(1000, relu: false),
        ]));

        // VGG-16 (Simonyan and Zisserman 2015, Table 1 column D): thirteen 3x3/1 convolutions with padding 1, bias
        // and ReLU and no batch norm, in five stages of 64, 128, 256, 512, 512 channels (2, 2, 3, 3, 3 layers), each
        // closed by a 2x2/2 max pool; then FC-4096, FC-4096 (ReLU) and FC-1000 on the flattened 7x7x512 map;
        // 224x224 RGB. The dropout after the two hidden FC layers is not modelled.
        list.Add(new ConvNetModel("vgg16", ModelFamily.Cnn, 3, 224, 224,
        [
            .. VggStage(64, 2), .. VggStage(128, 2), .. VggStage(256, 3), .. VggStage(512, 3), .. VggStage(512, 3),
            ConvNetBlock.Dense(4096, relu: true), ConvNetBlock.Dense(4096, relu: true), ConvNetBlock.Dense(1000, relu: false),
        ]));

        // ViT-L/16 (Dosovitskiy et al. 2021, Table 1): 24 layers, h = 1024, MLP 4096, 16 heads, 16x16 patches on a
        // 224x224 RGB image (196 patches + class token), ImageNet-1k head; no dropout.
        list.Add(new TransformerModel("vit-l16", ModelFamily.Vit)
        {
            Layers = 24,
            Hidden = 1024,
            Heads = 16,
            KvHeads = 16,
            FfnHidden = 4096,
            SeqLen = 197,
            Vocab = 1000,
            TiedEmbeddings = false,
            Causal = false,
            Dropout = false,
            Patches = new PatchEmbedding(224, 16, 3),
        });

        // mammo-cnn: the single-view image model of Wu et al. 2020 ("Deep Neural Networks Improve Radiologists'
        // Performance in Breast Cancer Screening", IEEE TMI 39(4); code github.com/nyukat/breast_cancer_classifier,
        // src/modeling/models.py resnet22 and SingleImageBreastModel, src/constants.py INPUT_SIZE_DICT): a
        // pre-activation "ResNet-22" on a full-field single-channel CC view of 2677 x 1942 pixels. First conv 7x7/2
        // with 16 filters and no padding, max pool 3/2, five stages of two pre-activation basic blocks (16, 32, 64,
        // 128, 256 planes; strides 1, 2, 2, 2, 2), final BN + ReLU, global average pool, a 256-wide hidden layer and a
        // 4-way output (benign/malignant x present/absent). Every stage's first block carries a 1x1 projection
        // shortcut, even at stride 1 (ViewResNetV2._make_layer always builds one).
        list.Add(new ConvNetModel("mammo-cnn", ModelFamily.Cnn, 1, 2677, 1942,
        [
            ConvNetBlock.Conv(16, 7, 2, 0, batchNorm: false, relu: false), ConvNetBlock.MaxPool(3, 2, 0),
            .. Stage(PreActivationProjected, 16, 2, 1), .. Stage(PreActivationProjected, 32, 2, 2),
            .. Stage(PreActivationProjected, 64, 2, 2), .. Stage(PreActivationProjected, 128, 2, 2),
            .. Stage(PreActivationProjected, 256, 2, 2),
            ConvNetBlock.BatchNormRelu(), ConvNetBlock.GlobalAveragePool(),
            ConvNetBlock.Dense(256, relu: true), ConvNetBlock.Dense(4, relu: false),
        ]));

        foreach (ModelDescription m in list)
        {
            m.Validate();
        }

        return [.. list];
    }

    private static TransformerModel Gpt(string id, int layers, int hidden, int heads) => new(id, ModelFamily.Gpt)
    {
        Layers = layers,
        Hidden = hidden,
        Heads = heads,
        KvHeads = heads,
        FfnHidden = 4 * hidden,
        SeqLen = 2048,
        Vocab = 51200,
        TiedEmbeddings = true,
    };

    private static TransformerModel Llama(string id, int layers, int hidden, int heads, int kvHeads, int ffn, int seq, int vocab) =>
        new(id, ModelFamily.Llama)
        {
            Layers = layers,
            Hidden = hidden,
            Heads = heads,
            KvHeads = kvHeads,
            FfnHidden = ffn,
            SeqLen = seq,
            Vocab = vocab,
            TiedEmbeddings = false,
            Norm = NormKind.RmsNorm,
            Mlp = MlpKind.SwiGlu,
            Positions = PositionEmbeddingKind.Rotary,
            Biases = false,
            Dropout = false,
        };

    private static ConvNetBlock PreActivationProjected(int planes, int stride) => ConvNetBlock.PreActivationBasic(planes, stride, projection: true);

    private static IEnumerable<ConvNetBlock> Stage(Func<int, int, ConvNetBlock> block, int planes, int count, int stride) =>
        Enumerable.Range(0, count).Select(i => i == 0 ? block(planes, stride) : block(planes, 1) with { Projection = null });

    private static IEnumerable<ConvNetBlock> VggStage(int channels, int convolutions) =>
        [
            .. Enumerable.Range(0, convolutions).Select(_ => ConvNetBlock.Conv(channels, 3, 1, 1, batchNorm: false, relu: true, bias: true)),
            ConvNetBlock.MaxPool(2, 2, 0),
        ];

    private static int EditDistance(string a, string b)
    {
        var prev = new int[b.Length + 1];
        var cur = new int[b.Length + 1];
        for (int j = 0; j <= b.Length; j++)
        {
            prev[j] = j;
        }

        for (int i = 1; i <= a.Length; i++)
        {
            cur[0] = i;
            for (int j = 1; j <= b.Length; j++)
            {
                int substitution = prev[j - 1] + (a[i - 1] == b[j - 1] ? 0 : 1);
                cur[j] = Math.Min(substitution, Math.Min(prev[j] + 1, cur[j - 1] + 1));
            }

            (prev, cur) = (cur, prev);
        }

        return prev[b.Length];
    }
}
