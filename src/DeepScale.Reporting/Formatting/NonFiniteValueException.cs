namespace DeepScale.Reporting.Formatting;

/// <summary>
/// A NaN or infinity reached a report. Results are finite by contract (shared/DESIGN.md), so such a value is a bug
/// upstream; the writers refuse it rather than print "NaN" into a table, and the message names the column and row.
/// </summary>
public sealed class NonFiniteValueException : ArgumentException
{
    public NonFiniteValueException(string column, string row, double value)
        : base($"{row}: column {column} is {Describe(value)}; results must be finite, so this is a bug in whatever produced the result.")
    {
        Column = column;
        Row = row;
        Value = value;
    }

    /// <summary>The column (CSV header, table column or chart quantity) that held the value.</summary>
    public string Column { get; }

    /// <summary>Which row or point held it, in words ("row 3 (name=gpt3-1024)", "point 'tp8'").</summary>
    public string Row { get; }

    public double Value { get; }

    private static string Describe(double value) =>
        double.IsNaN(value) ? "NaN" : double.IsPositiveInfinity(value) ? "+infinity" : "-infinity";
}
