using System.Collections.Immutable;
using System.Globalization;
using System.Text;

using DeepScale.Core.Units;

namespace DeepScale.Workloads.Memory;

/// <summary>
/// Whether a rank's peak memory fits a device capacity, and if not what overflows: components are stacked in
/// allocation order (weights, gradients, optimizer states, activations, temporaries, framework); the one during
/// which the running total crosses the capacity and every one after it are the overflowing components.
/// </summary>
public sealed record MemoryFit(bool Fits, Bytes Capacity, Bytes Peak, ImmutableArray<MemoryComponent> Overflowing)
{
    /// <summary>Peak minus capacity (zero when it fits).</summary>
    public Bytes Overflow => Fits ? Bytes.Zero : Peak - Capacity;

    /// <summary>Capacity minus peak (zero when it does not fit).</summary>
    public Bytes Headroom => Fits ? Capacity - Peak : Bytes.Zero;

    /// <summary>One line for a report: "fits: 61.2 GiB of 80 GiB" or what overflows.</summary>
    public string Summary
    {
        get
        {
            if (Fits)
            {
                return $"fits: peak {Peak} of {Capacity} ({Headroom} free)";
            }

            var sb = new StringBuilder();
            sb.Append(CultureInfo.InvariantCulture, $"does not fit: peak {Peak} exceeds {Capacity} by {Overflow}; overflowing from ");
            sb.Append(string.Join(", ", Overflowing.Select(c => $"{c.Name} ({c.Size})")));
            return sb.ToString();
        }
    }
}
