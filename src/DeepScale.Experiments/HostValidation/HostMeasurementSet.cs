namespace DeepScale.Experiments.HostValidation;

/// <summary>
/// A committed measurement of the real CPU trainer on this machine: when and how it was taken, the machine, and the
/// runs of every configuration. <c>deepscale host-validate --quick</c> compares predictions with it instead of
/// measuring again, so a check does not depend on the noise of the machine it runs on.
/// </summary>
/// <param name="Taken">When the runs were taken (UTC, ISO 8601).</param>
/// <param name="Machine">The processor and its logical processors, as the trainer saw them.</param>
/// <param name="Method">How the runs were taken (command, steps, repeats, the idle-machine check).</param>
/// <param name="Configurations">One entry per K, in increasing K.</param>
public sealed record HostMeasurementSet(string Taken, string Machine, string Method, IReadOnlyList<HostMeasurement> Configurations)
{
    /// <summary>The measurement of K workers; throws naming K when there is none.</summary>
    public HostMeasurement For(int workers) =>
        Configurations.FirstOrDefault(c => c.Workers == workers)
        ?? throw new KeyNotFoundException($"host_validation: the measurement has no runs with {workers} workers (it has {string.Join(", ", Configurations.Select(c => c.Workers))})");
}
