namespace DeepScale.Replay;

/// <summary>
/// Bytes per kernel link summed over the copies of a collective phase, in a dense array by link index: each link's
/// loads are added in the order they come, and the touched links are listed ascending by index.
/// </summary>
internal sealed class LinkLoadSum
{
    private double[] _load = new double[256];
    private bool[] _listed = new bool[256];
    private readonly List<int> _touched = [];

    public void Add(int link, double load)
    {
        if (link >= _load.Length)
        {
            int size = Math.Max(link + 1, 2 * _load.Length);
            Array.Resize(ref _load, size);
            Array.Resize(ref _listed, size);
        }

        if (!_listed[link])
        {
            _listed[link] = true;
            _touched.Add(link);
        }

        _load[link] += load;
    }

    /// <summary>The touched links and their loads, ascending by link.</summary>
    public (int Link, double Load)[] Sorted()
    {
        _touched.Sort();
        var result = new (int, double)[_touched.Count];
        for (int i = 0; i < result.Length; i++)
        {
            result[i] = (_touched[i], _load[_touched[i]]);
        }

        return result;
    }

    /// <summary>Empties the sum for the next phase.</summary>
    public void Clear()
    {
        foreach (int link in _touched)
        {
            _load[link] = 0;
            _listed[link] = false;
        }

        _touched.Clear();
    }
}
