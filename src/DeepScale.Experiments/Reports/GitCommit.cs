namespace DeepScale.Experiments.Reports;

/// <summary>
/// The commit a working tree is checked out at, read from the repository's files (<c>.git/HEAD</c>, the ref file it
/// names, or <c>packed-refs</c>) without running git, so that git is not a dependency. A <c>.git</c> file pointing
/// elsewhere (a worktree or submodule) is followed.
/// </summary>
public static class GitCommit
{
    /// <summary>What is reported when no repository or commit can be read.</summary>
    public const string Unknown = "unknown";

    /// <summary>The 40-hex commit of the repository containing <paramref name="directory"/>, or <see cref="Unknown"/>.</summary>
    public static string Find(string directory)
    {
        ArgumentNullException.ThrowIfNull(directory);
        try
        {
            for (DirectoryInfo? d = new(Path.GetFullPath(directory)); d is not null; d = d.Parent)
            {
                string dotGit = Path.Combine(d.FullName, ".git");
                if (Directory.Exists(dotGit))
                {
                    return Read(dotGit, dotGit);
                }

                if (File.Exists(dotGit))
                {
                    string text = File.ReadAllText(dotGit).Trim();
                    if (!text.StartsWith("gitdir:", StringComparison.Ordinal))
                    {
                        return Unknown;
                    }

                    string gitDir = Path.GetFullPath(Path.Combine(d.FullName, text["gitdir:".Length..].Trim()));
                    string common = File.Exists(Path.Combine(gitDir, "commondir"))
                        ? Path.GetFullPath(Path.Combine(gitDir, File.ReadAllText(Path.Combine(gitDir, "commondir")).Trim()))
                        : gitDir;
                    return Read(gitDir, common);
                }
            }
        }
        catch (IOException)
        {
            return Unknown;
        }
        catch (UnauthorizedAccessException)
        {
            return Unknown;
        }

        return Unknown;
    }

    /// <summary>Resolves HEAD in <paramref name="gitDir"/>; refs are looked up there and in <paramref name="commonDir"/>.</summary>
    private static string Read(string gitDir, string commonDir)
    {
        string headFile = Path.Combine(gitDir, "HEAD");
        if (!File.Exists(headFile))
        {
            return Unknown;
        }

        string head = File.ReadAllText(headFile).Trim();
        if (!head.StartsWith("ref:", StringComparison.Ordinal))
        {
            return IsHash(head) ? head.ToLowerInvariant() : Unknown;
        }

        string name = head["ref:".Length..].Trim();
        foreach (string dir in new[] { gitDir, commonDir })
        {
            string refFile = Path.Combine(dir, name.Replace('/', Path.DirectorySeparatorChar));
            if (File.Exists(refFile))
            {
                string hash = File.ReadAllText(refFile).Trim();
                return IsHash(hash) ? hash.ToLowerInvariant() : Unknown;
            }

            string packed = Path.Combine(dir, "packed-refs");
            if (File.Exists(packed))
            {
                foreach (string line in File.ReadLines(packed))
                {
                    string[] parts = line.Split(' ', 2);
                    if (parts.Length == 2 && parts[1].Trim() == name && IsHash(parts[0]))
                    {
                        return parts[0].ToLowerInvariant();
                    }
                }
            }
        }

        return Unknown;
    }

    private static bool IsHash(string text) => text.Length is 40 or 64 && text.All(char.IsAsciiHexDigit);
}
