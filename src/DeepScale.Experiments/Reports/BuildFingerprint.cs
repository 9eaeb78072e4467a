using System.Reflection;
using System.Security.Cryptography;
using System.Text;

using DeepScale.Experiments.Running;

namespace DeepScale.Experiments.Reports;

/// <summary>
/// Identifies the simulator build that produced a result: a SHA-256 over the module version ids of the DeepScale
/// assemblies the scenario runner loads. Builds are deterministic, so the same source gives the same fingerprint
/// and any change to the model gives another; a sweep reuses earlier points only from the same build.
/// </summary>
public static class BuildFingerprint
{
    /// <summary>The fingerprint of the running build, 64 lowercase hex digits.</summary>
    public static string Current { get; } = Compute();

    private static string Compute()
    {
        var seen = new SortedDictionary<string, Guid>(StringComparer.Ordinal);
        var pending = new Stack<Assembly>([typeof(ScenarioRunner).Assembly]);
        while (pending.Count > 0)
        {
            Assembly assembly = pending.Pop();
            string name = assembly.GetName().Name ?? "";
            if (!name.StartsWith("DeepScale.", StringComparison.Ordinal) || seen.ContainsKey(name))
            {
                continue;
            }

            seen[name] = assembly.ManifestModule.ModuleVersionId;
            foreach (AssemblyName reference in assembly.GetReferencedAssemblies())
            {
                if (reference.Name?.StartsWith("DeepScale.", StringComparison.Ordinal) == true)
                {
                    pending.Push(Assembly.Load(reference));
                }
            }
        }

        var text = new StringBuilder();
        foreach ((string name, Guid id) in seen)
        {
            text.Append(name).Append(' ').Append(id.ToString("N")).Append('\n');
        }

        return Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text.ToString())));
    }
}
