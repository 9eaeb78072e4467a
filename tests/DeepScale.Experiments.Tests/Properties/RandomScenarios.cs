using System.Globalization;
using System.Text;

using DeepScale.Core.Random;

namespace DeepScale.Experiments.Tests.Properties;

/// <summary>
/// Random small training scenarios as spec text: an explicit GPT-style model, a cluster of one or two nodes of a
/// catalog system, and a strategy whose tensor, pipeline and data sizes divide what they must (heads, layers, GPUs,
/// batches), with a random schedule, ZeRO stage, recomputation, overlap switches and sometimes an input pipeline.
/// </summary>
internal static class RandomScenarios
{
    /// <summary>(system, GPUs per node used, nodes, precision the part supports).</summary>
    private static readonly (string System, int PerNode, int Nodes, string Precision)[] s_clusters =
    [
        ("dgx-a100-80gb", 8, 1, "bf16"),
        ("dgx-a100-80gb", 4, 2, "bf16"),
        ("dgx-a100-80gb", 2, 2, "bf16"),
        ("dgx-h100", 8, 1, "bf16"),
        ("dgx-h100", 4, 2, "fp16"),
        ("dgx-1-v100", 8, 1, "fp16"),
        ("dgx-1-v100", 4, 1, "fp16"),
    ];

    public static string Draw(DeterministicRandom random, string name, bool withData = true)
    {
        (string system, int perNode, int nodes, string precision) = s_clusters[random.NextInt(s_clusters.Length)];
        int gpus = perNode * nodes;
        int heads = Pick(random, [4, 8, 16]);
        int headDim = Pick(random, [32, 64]);
        int hidden = heads * headDim;
        int layers = Pick(random, [2, 4, 6, 8, 12]);
        int seq = Pick(random, [128, 256, 512]);
        int vocab = Pick(random, [1024, 8192, 32000]);

        int[] tensors = [.. new[] { 1, 2, 4, 8 }.Where(t => t <= perNode && perNode % t == 0 && heads % t == 0)];
        int t = Pick(random, tensors);
        int[] pipelines = [.. Enumerable.Range(1, gpus / t).Where(p => gpus / t % p == 0 && layers % p == 0)];
        int p = Pick(random, pipelines);
        int d = gpus / (t * p);
        int micro = 1 + random.NextInt(2);
        int m = p > 1 ? p * (1 + random.NextInt(2)) : 1 + random.NextInt(4);
        int global = micro * d * m;
        string schedule = p == 1 ? "1f1b" : Pick(random, ["gpipe", "1f1b", "interleaved-1f1b"]);
        int virtualStages = 1;
        if (schedule == "interleaved-1f1b")
        {
            if (layers % (p * 2) == 0 && m % p == 0)
            {
                virtualStages = 2;
            }
            else
            {
                schedule = "1f1b";
            }
        }

        int zero = random.NextInt(p > 1 ? 2 : 4);
        bool distributed = zero == 0 && d > 1 && random.NextInt(3) == 0;
        bool sequenceParallel = t > 1 && seq % t == 0 && random.NextInt(2) == 0;
        string recompute = Pick(random, ["none", "selective", "full"]);
        bool gradReduce = random.NextInt(2) == 0;
        bool paramGather = zero == 3 && random.NextInt(2) == 0;
        bool tpComm = t > 1 && random.NextInt(3) == 0;
        bool ppComm = p > 1 && random.NextInt(3) == 0;
        string placement = random.NextInt(3) == 0 ? "tp-dp-pp" : "tp-pp-dp";

        int seed = 1 + random.NextInt(1000);
        string optimizer = Pick(random, ["adam", "sgd"]);
        string attention = Pick(random, ["flash", "unfused"]);
        if (system.StartsWith("dgx-1", StringComparison.Ordinal))
        {
            attention = "unfused";     // no FlashAttention before Turing (drawn anyway, so later draws stay as they were)
        }

        var spec = new StringBuilder();
        spec.Append(CultureInfo.InvariantCulture, $$"""
            name: {{name}}
            seed: {{seed}}
            model:
              family: gpt
              name: random-gpt
              layers: {{layers}}
              hidden: {{hidden}}
              heads: {{heads}}
              seq_len: {{seq}}
              vocab: {{vocab}}
            cluster:
              system: {{system}}
              nodes: {{nodes}}
              gpus_per_node: {{perNode}}
            parallelism:
              tensor: {{t}}
              pipeline: {{p}}
              data: {{d}}
              schedule: {{schedule}}
              virtual_stages: {{virtualStages}}
              sequence_parallel: {{Lower(sequenceParallel)}}
              zero: {{zero}}
              distributed_optimizer: {{Lower(distributed)}}
              overlap: { grad_reduce: {{Lower(gradReduce)}}, param_gather: {{Lower(paramGather)}}, tp_comm: {{Lower(tpComm)}}, pp_comm: {{Lower(ppComm)}} }
              recompute: {{recompute}}
              placement: {{placement}}
            training:
              global_batch: {{global}}
              micro_batch: {{micro}}
              precision: {{precision}}
              optimizer: {{optimizer}}
              attention: {{attention}}

            """);
        if (withData && random.NextInt(4) == 0)
        {
            int sampleKib = Pick(random, [4, 64, 512]);
            int workers = perNode * (1 + random.NextInt(2));
            int decodeUs = Pick(random, [10, 200, 2000]);
            int prefetch = 1 + random.NextInt(2);
            spec.Append(CultureInfo.InvariantCulture, $$"""
                data:
                  samples: 100000
                  bytes_per_sample: "{{sampleKib}} KiB"
                  workers_per_node: {{workers}}
                  decode_time_per_sample: "{{decodeUs}} us"
                  prefetch_depth: {{prefetch}}

                """);
        }

        // Drawn last so that the cases drawn before context parallelism existed stay what they were: half the data
        // replicas become a context pair where the attention is fused.
        if (attention == "flash" && d % 2 == 0 && random.NextInt(3) == 0)
        {
            spec.Replace($"  data: {d}\n", $"  context: 2\n  data: {d / 2}\n");
        }

        return spec.ToString();
    }

    private static string Lower(bool value) => value ? "true" : "false";

    private static T Pick<T>(DeterministicRandom random, IReadOnlyList<T> values) => values[random.NextInt(values.Count)];
}
