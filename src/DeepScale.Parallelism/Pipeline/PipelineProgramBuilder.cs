using DeepScale.Core.Units;
using DeepScale.Parallelism.Schedules;

namespace DeepScale.Parallelism.Pipeline;

/// <summary>
/// Turns a stage's pipeline order into a program: before each forward of a chunk that is not the model's first, a
/// receive of its input activations; after it, a send to the stage holding the next chunk; mirror-wise for
/// backward passes and gradients. The caller writes the compute (and tensor-parallel) ops of each pass. Chunk c
/// of stage s holds model slice c·p + s, so with interleaving the last stage sends to the first stage's next chunk.
/// </summary>
public static class PipelineProgramBuilder
{
    /// <summary>Writes one pass of one micro-batch through one chunk; returns nothing, appends to the writer.</summary>
    public delegate void PassWriter(ProgramWriter writer, PipelineAction action);

    /// <param name="activationBytes">Bytes one rank sends between stages per micro-batch (activations forward, their gradients backward).</param>
    /// <param name="afterReceive">Optional ops after each receive (e.g. the tensor-parallel all-gather of a scattered activation).</param>
    /// <param name="afterAction">Optional ops after each action and its send (e.g. gradient buckets reduced while the next passes run).</param>
    /// <param name="synchronousSends">
    /// Megatron's batched point-to-point calls: the stage waits for its send to drain before its next pass, so the
    /// send occupies the compute stream; otherwise it goes on a send stream and compute continues.
    /// </param>
    public static void Write(ProgramWriter writer, PipelineScheduleKind kind, int stages, int microbatches, int chunks,
        Bytes activationBytes, PassWriter pass, PassWriter? afterReceive = null, PassWriter? afterAction = null,
        bool synchronousSends = false)
    {
        int s = writer.Stage;
        foreach (PipelineAction action in PipelineSchedule.ForStage(kind, stages, microbatches, chunks, s))
        {
            int slice = (action.Chunk * stages) + s;
            int lastSlice = (chunks * stages) - 1;
            if (stages > 1 && action.IsForward && slice > 0)
            {
                int from = (slice - 1) % stages;
                writer.PointToPoint(false, true, "recv act", from,
                    Key(true, action.Microbatch, action.Chunk), activationBytes, action.Microbatch, action.Chunk);
                afterReceive?.Invoke(writer, action);
            }
            else if (stages > 1 && !action.IsForward && slice < lastSlice)
            {
                int from = (slice + 1) % stages;
                writer.PointToPoint(false, false, "recv grad", from,
                    Key(false, action.Microbatch, action.Chunk), activationBytes, action.Microbatch, action.Chunk);
                afterReceive?.Invoke(writer, action);
            }

            pass(writer, action);

            if (stages > 1 && action.IsForward && slice < lastSlice)
            {
                int to = (slice + 1) % stages;
                int toChunk = (slice + 1) / stages;
                writer.PointToPoint(true, true, "send act", to,
                    Key(true, action.Microbatch, toChunk), activationBytes, action.Microbatch, action.Chunk, synchronousSends);
            }
            else if (stages > 1 && !action.IsForward && slice > 0)
            {
                int to = (slice - 1) % stages;
                int toChunk = (slice - 1) / stages;
                writer.PointToPoint(true, false, "send grad", to,
                    Key(false, action.Microbatch, toChunk), activationBytes, action.Microbatch, action.Chunk, synchronousSends);
            }

            afterAction?.Invoke(writer, action);
        }
    }

    /// <summary>The key both ends of a transfer agree on: direction, micro-batch, and the receiving chunk.</summary>
    public static int Key(bool forward, int microbatch, int receiverChunk) =>
        (((microbatch * 64) + receiverChunk) * 2) + (forward ? 0 : 1);
}
