using System.Buffers.Binary;

using SkiaSharp;

namespace DeepScale.Reporting.Tests;

/// <summary>Reads what the tests check in a PNG: the signature, the IHDR size, and how much of it is not background.</summary>
internal static class PngImage
{
    private static readonly byte[] s_signature = [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A];

    /// <summary>Width and height from the IHDR chunk, which must come first; throws if the bytes are not a PNG.</summary>
    public static (int Width, int Height) Size(byte[] png)
    {
        if (png.Length < 33 || !png.AsSpan(0, 8).SequenceEqual(s_signature))
        {
            throw new InvalidDataException("Not a PNG: the 8-byte signature is missing.");
        }

        if (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(8, 4)) != 13 || !png.AsSpan(12, 4).SequenceEqual("IHDR"u8))
        {
            throw new InvalidDataException("Not a PNG: the first chunk is not a 13-byte IHDR.");
        }

        return (BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(16, 4)), BinaryPrimitives.ReadInt32BigEndian(png.AsSpan(20, 4)));
    }

    /// <summary>Decodes the image and returns the share of pixels that differ from the top-left (background) pixel
    /// and the number of distinct colours.</summary>
    public static (double InkShare, int Colors) Ink(byte[] png)
    {
        using SKBitmap bitmap = SKBitmap.Decode(png) ?? throw new InvalidDataException("The PNG does not decode.");
        SKColor background = bitmap.GetPixel(0, 0);
        long ink = 0;
        var colors = new HashSet<SKColor>();
        for (int y = 0; y < bitmap.Height; y++)
        {
            for (int x = 0; x < bitmap.Width; x++)
            {
                SKColor pixel = bitmap.GetPixel(x, y);
                if (pixel != background)
                {
                    ink++;
                }

                if (colors.Count < 10_000)
                {
                    colors.Add(pixel);
                }
            }
        }

        return (ink / (double)(bitmap.Width * bitmap.Height), colors.Count);
    }
}
