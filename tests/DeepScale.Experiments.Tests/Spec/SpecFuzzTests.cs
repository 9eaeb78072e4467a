using System.Text;

using DeepScale.Core.Random;
using DeepScale.Experiments.Spec;

namespace DeepScale.Experiments.Tests.Spec;

/// <summary>
/// Seeded random mutations of the valid specs (characters deleted, inserted and replaced, lines duplicated, swapped
/// and cut, numbers replaced by extreme values): loading must either succeed or throw <see cref="SpecException"/>
/// with a one-line message; any other exception is a defect. Reproducible: the seed and the mutated text are in
/// the failure message.
/// </summary>
[TestClass]
public sealed class SpecFuzzTests
{
    private const string Alphabet = ":{}[]-\"' \n\t#&*!|>,0123456789.eEaz~\\%@`";

    private static readonly string[] s_values =
    [
        "-1", "0", "1e400", ".nan", "-.inf", "99999999999999999999999", "\"\"", "[]", "{}", "~", "\"80 GB/s\"", "\"80\"",
        "\"0 GiB\"", "yes", "3.5", "\"-3 ms\"", "*x", "&x 1", "!!str 4",
    ];

    [TestMethod]
    [DataRow(1UL)]
    [DataRow(2UL)]
    public void LoadText_MutatedGoodSpecs_OnlySpecExceptionEscapes(ulong seed)
    {
        DeterministicRandom random = new(seed);
        string[] specs = [.. TestFiles.Names(TestFiles.Good, "*.yaml").Select(n => File.ReadAllText(Path.Combine(TestFiles.Good, n)))];
        int failures = 0;
        for (int i = 0; i < 1500; i++)
        {
            string text = Mutate(specs[random.NextInt(specs.Length)], random);
            try
            {
                ScenarioLoader.LoadText(text, "fuzz.yaml");
            }
            catch (SpecException ex)
            {
                Assert.DoesNotContain("\n", ex.Message);
                Assert.IsFalse(string.IsNullOrWhiteSpace(ex.Field), ex.Message);
                failures++;
            }
            catch (Exception ex)
            {
                Assert.Fail($"seed {seed}, iteration {i}: {ex.GetType().Name}: {ex.Message}\n---\n{text}\n---");
            }
        }

        Assert.IsGreaterThan(100, failures, "the mutations should break most specs");
    }

    [TestMethod]
    public void ApplyOverride_RandomPathsAndValues_OnlySpecExceptionEscapes()
    {
        DeterministicRandom random = new(3);
        SpecDocument spec = ScenarioLoader.ParseFile(Path.Combine(TestFiles.Good, "explicit-gpt-every-cluster-key.yaml"));
        string[] paths = [.. SpecSchema.FieldPaths, "cluster.storage[0].kind", "cluster.storage[3].kind", "model.hidden_sizes[0]", "x.y", "a..b", "[0]"];
        for (int i = 0; i < 1500; i++)
        {
            string assignment = paths[random.NextInt(paths.Length)] + "=" + s_values[random.NextInt(s_values.Length)];
            try
            {
                ScenarioLoader.Resolve(ScenarioLoader.ApplyOverride(spec, assignment));
            }
            catch (SpecException ex)
            {
                Assert.DoesNotContain("\n", ex.Message);
            }
            catch (Exception ex)
            {
                Assert.Fail($"iteration {i}, override {assignment}: {ex.GetType().Name}: {ex.Message}");
            }
        }
    }

    private static string Mutate(string text, DeterministicRandom random)
    {
        StringBuilder sb = new(text);
        int mutations = 1 + random.NextInt(3);
        for (int m = 0; m < mutations && sb.Length > 0; m++)
        {
            int at = random.NextInt(sb.Length);
            switch (random.NextInt(7))
            {
                case 0:
                    sb.Remove(at, 1);
                    break;
                case 1:
                    sb.Insert(at, Alphabet[random.NextInt(Alphabet.Length)]);
                    break;
                case 2:
                    sb[at] = Alphabet[random.NextInt(Alphabet.Length)];
                    break;
                case 3:
                    sb.Length = at;
                    break;
                case 4:
                    string[] lines = sb.ToString().Split('\n');
                    int a = random.NextInt(lines.Length), b = random.NextInt(lines.Length);
                    (lines[a], lines[b]) = (lines[b], lines[a]);
                    sb.Clear().Append(string.Join('\n', lines));
                    break;
                case 5:
                    string[] all = sb.ToString().Split('\n');
                    int d = random.NextInt(all.Length);
                    sb.Clear().Append(string.Join('\n', all.Take(d + 1).Append(all[d]).Concat(all.Skip(d + 1))));
                    break;
                default:
                    string s = sb.ToString();
                    int colon = s.IndexOf(": ", at, StringComparison.Ordinal);
                    if (colon >= 0)
                    {
                        int end = s.IndexOfAny(['\n', ',', '}'], colon + 2);
                        end = end < 0 ? s.Length : end;
                        sb.Clear().Append(s[..(colon + 2)]).Append(s_values[random.NextInt(s_values.Length)]).Append(s[end..]);
                    }

                    break;
            }
        }

        return sb.ToString();
    }
}
