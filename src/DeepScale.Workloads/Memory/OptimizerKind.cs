namespace DeepScale.Workloads.Memory;

/// <summary>
/// The optimizer whose state a rank holds: Adam (two fp32 moments) or SGD with momentum (one fp32 moment). Under
/// mixed precision both also keep an fp32 master copy of the weights (Micikevicius et al. 2018).
/// </summary>
public enum OptimizerKind
{
    Adam,
    Sgd,
}
