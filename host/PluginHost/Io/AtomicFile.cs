using PluginHost.Diagnostics;

namespace PluginHost.Io;

/// <summary>Writes a file under a temporary name in the same folder and renames it, so a crash never leaves half a memo.</summary>
internal static class AtomicFile
{
    /// <summary>Text as UTF-8 (no byte-order mark), written with one call instead of a stream's 4 KB pieces.</summary>
    public static void Write(string path, string content)
    {
        var bytes = System.Buffers.ArrayPool<byte>.Shared.Rent(System.Text.Encoding.UTF8.GetByteCount(content));
        try
        {
            var length = System.Text.Encoding.UTF8.GetBytes(content, bytes);
            Write(path, temp =>
            {
                using var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
                RandomAccess.Write(file, bytes.AsSpan(0, length), 0);
            });
        }
        finally
        {
            System.Buffers.ArrayPool<byte>.Shared.Return(bytes);
        }
    }

    /// <summary>UTF-8 bytes as they are, then a tail (a closing newline): one file and one gathered write, no copy of the bytes joined.</summary>
    public static void Write(string path, ReadOnlyMemory<byte> content, byte[] tail) =>
        Write(path, temp =>
        {
            using var file = File.OpenHandle(temp, FileMode.CreateNew, FileAccess.Write, FileShare.None, FileOptions.None);
            RandomAccess.Write(file, [content, tail.AsMemory()], 0);
        });

    private static void Write(string path, Action<string> write)
    {
        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        var temp = Path.Combine(folder, $".{Path.GetFileName(path)}.{UniqueNames.Next()}.tmp");
        try
        {
            Directory.CreateDirectory(folder);
            write(temp);
            File.Move(temp, path, overwrite: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            TryDelete(temp);
            throw new DiagnosticException(Diagnostic.Error(DisplayPath.Of(path), ErrorCodes.WriteFailed, $"could not write the file: {ex.Message}"));
        }
    }

    /// <summary>Removes a hidden temp file if it can; the error that matters has already been raised.</summary>
    public static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (IOException)
        {
            // The temp file is hidden and harmless; the original error is what the user needs to see.
        }
    }
}
