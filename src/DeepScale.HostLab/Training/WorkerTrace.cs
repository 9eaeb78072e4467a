namespace DeepScale.HostLab.Training;

/// <summary>The measured steps of one worker; the first <see cref="WarmupSteps"/> are left out of <see cref="Mean"/>.</summary>
public sealed record WorkerTrace(int Rank, IReadOnlyList<StepTiming> Steps, int WarmupSteps)
{
    /// <summary>The steps the means are taken over.</summary>
    public IReadOnlyList<StepTiming> MeasuredSteps => Steps.Skip(WarmupSteps).ToArray();

    /// <summary>Part-by-part mean over the measured steps.</summary>
    public StepTiming Mean => StepTiming.Mean(MeasuredSteps.ToArray());
}
