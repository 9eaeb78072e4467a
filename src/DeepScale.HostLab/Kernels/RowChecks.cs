namespace DeepScale.HostLab.Kernels;

/// <summary>Argument checks shared by the row-wise kernels.</summary>
internal static class RowChecks
{
    public static void Require(int src, int dst, int rows, int cols, string kernel)
    {
        if (rows < 0 || cols < 1)
        {
            throw new ArgumentOutOfRangeException(kernel, $"{kernel}: a {rows}x{cols} matrix needs rows >= 0 and cols >= 1");
        }

        long needed = (long)rows * cols;
        if (src < needed || dst < needed)
        {
            throw new ArgumentException($"{kernel}: a {rows}x{cols} matrix needs {needed} elements, input holds {src}, output {dst}", kernel);
        }
    }
}
