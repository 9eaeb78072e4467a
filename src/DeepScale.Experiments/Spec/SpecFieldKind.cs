namespace DeepScale.Experiments.Spec;

/// <summary>The shape and type of value a spec field takes.</summary>
public enum SpecFieldKind
{
    /// <summary>A mapping of further fields.</summary>
    Section,

    /// <summary>A mapping, or a list of mappings with the same fields (<c>cluster.storage</c>).</summary>
    SectionOrList,

    /// <summary>A whole number written without quotes.</summary>
    Integer,

    /// <summary>A finite number written without quotes.</summary>
    Number,

    /// <summary><c>true</c> or <c>false</c>.</summary>
    Boolean,

    /// <summary>Free text or a catalog id.</summary>
    Text,

    /// <summary>One of a fixed set of spellings.</summary>
    Choice,

    /// <summary>A byte size with its unit ("3 MiB").</summary>
    ByteSize,

    /// <summary>A byte rate with its unit ("100 GB/s", "400 Gb/s").</summary>
    ByteRate,

    /// <summary>A duration with its unit ("5 ms").</summary>
    Duration,

    /// <summary>A list of whole numbers.</summary>
    IntegerList,
}
