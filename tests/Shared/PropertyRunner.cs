using System.Globalization;
using System.Text;

using DeepScale.Core.Random;

namespace DeepScale.Testing;

/// <summary>
/// Runs a property over a fixed number of generated cases. Case i draws from its own generator seeded with
/// base seed + i and writes what it generated into a log, so a failure names the seed that reproduces it and the
/// case it drew.
/// </summary>
internal static class PropertyRunner
{
    public static void ForAll(ulong baseSeed, int cases, Action<DeterministicRandom, StringBuilder> property)
    {
        for (int i = 0; i < cases; i++)
        {
            ulong seed = baseSeed + (ulong)i;
            var log = new StringBuilder();
            try
            {
                property(new DeterministicRandom(seed), log);
            }
            catch (Exception ex)
            {
                throw new AssertFailedException(string.Create(CultureInfo.InvariantCulture,
                    $"case {i} (seed {seed}) failed: {ex.GetType().Name}: {ex.Message}{Environment.NewLine}generated case:{Environment.NewLine}{log}"), ex);
            }
        }
    }

    /// <summary>Throws when a property does not hold (a plain exception, so the runner adds the seed and case).</summary>
    public static void Check(bool holds, string violation)
    {
        if (!holds)
        {
            throw new InvalidOperationException(violation);
        }
    }
}
