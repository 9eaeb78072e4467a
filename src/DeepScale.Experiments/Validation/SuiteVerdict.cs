namespace DeepScale.Experiments.Validation;

/// <summary>How a suite fared against its target.</summary>
public enum SuiteVerdict
{
    /// <summary>Every scored error within the target.</summary>
    MeetsTarget,

    /// <summary>Ran, but an error is above the target (or no row could be scored).</summary>
    AboveTarget,

    /// <summary>A row that should run failed to simulate.</summary>
    Failed,

    /// <summary>The suite cannot run (a model, device or configuration is missing); reported, not checked.</summary>
    NotRunnable,
}
