using System.Reflection;

using CsvHelper;

using DeepScale.Reporting.Formatting;

namespace DeepScale.Reporting.Csv;

/// <summary>Finds the floating-point columns of a CSV record type once, and checks rows for NaN and infinities.</summary>
internal static class FiniteColumns<T>
{
    private static readonly (string Column, Func<T, double> Read)[] s_columns =
    [
        .. typeof(T).GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.GetMethod is not null && p.GetCustomAttribute<CsvIgnoreAttribute>() is null && (p.PropertyType == typeof(double) || p.PropertyType == typeof(float)))
            .OrderBy(p => p.MetadataToken)
            .Select(p => (p.GetCustomAttribute<CsvColumnAttribute>()?.Name ?? p.Name, Reader(p))),
    ];

    /// <summary>Throws <see cref="NonFiniteValueException"/> naming the first non-finite column of <paramref name="row"/>.</summary>
    public static void Check(T row, string rowDescription)
    {
        foreach ((string column, Func<T, double> read) in s_columns)
        {
            double value = read(row);
            if (!double.IsFinite(value))
            {
                throw new NonFiniteValueException(column, rowDescription, value);
            }
        }
    }

    private static Func<T, double> Reader(PropertyInfo property) =>
        property.PropertyType == typeof(double)
            ? row => (double)property.GetValue(row)!
            : row => (float)property.GetValue(row)!;
}
