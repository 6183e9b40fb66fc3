using System.Buffers;
using System.Globalization;
using System.Text.Unicode;

namespace Recur.IO;

/// <summary>
/// Reads the lines of a UTF-8 text file strictly and in bounded memory: a UTF-8 byte-order mark is skipped; lines end
/// in LF, CRLF or CR; invalid UTF-8, a NUL byte, a UTF-16 byte-order mark or a line longer than
/// <see cref="MaxLineBytes"/> (unless it may be split, see <see cref="LongLineSplit"/>) is an
/// <see cref="InvalidDataException"/> "<c>file:line: what at byte N</c>" (N counted from 0 at the file's start), raised
/// without reading further. No more than <see cref="MaxLineBytes"/> bytes of a line are held at once.
/// </summary>
internal sealed class Utf8LineReader : IDisposable
{
    /// <summary>The longest line read whole, in bytes (1 MiB).</summary>
    public const int DefaultMaxLineBytes = 1 << 20;

    private const int BufferBytes = 1 << 16;

    private readonly FileStream _stream;
    private readonly string _path;
    private readonly LongLineSplit _split;
    private readonly byte[] _buffer = new byte[BufferBytes];
    private byte[] _line = new byte[256];
    private int _lineLength;
    private long _lineStart;          // file offset of _line[0]
    private int _position, _end;
    private bool _eof, _afterCr, _started;
    private int _lineNumber = 1;

    /// <summary>Opens <paramref name="path"/>.</summary>
    /// <param name="path">The file; messages name it as given.</param>
    /// <param name="split">What to do with a line longer than <paramref name="maxLineBytes"/>.</param>
    /// <param name="maxLineBytes">The longest line read whole.</param>
    /// <exception cref="FileNotFoundException">There is no such file.</exception>
    /// <exception cref="IOException">The path is a directory, or the file cannot be read.</exception>
    public Utf8LineReader(string path, LongLineSplit split = LongLineSplit.None, int maxLineBytes = DefaultMaxLineBytes)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxLineBytes, 4);
        InputFile.Check(path, "text file");
        _path = path;
        _split = split;
        MaxLineBytes = maxLineBytes;
        _stream = new FileStream(path, new FileStreamOptions
        {
            Mode = FileMode.Open, Access = FileAccess.Read, Share = FileShare.Read, Options = FileOptions.SequentialScan, BufferSize = 0,
        });
    }

    /// <summary>The longest line read whole, in bytes.</summary>
    public int MaxLineBytes { get; }

    /// <summary>The 1-based number of the line the text last read comes from.</summary>
    public int LineNumber { get; private set; }

    /// <summary>
    /// Reads the next line, or the next piece of a long line that may be split; false at the end of the file.
    /// </summary>
    /// <param name="text">The line without its line break, or the piece.</param>
    /// <param name="endsLine">False for a piece that the rest of its line follows.</param>
    /// <exception cref="InvalidDataException">Invalid UTF-8, a NUL byte, UTF-16, or a line too long to read.</exception>
    public bool Read(out string text, out bool endsLine)
    {
        if (!_started) Start();
        while (true)
        {
            if (_position == _end && !Fill())
            {
                // The last line has no line break; an empty remainder is no line (as after a final line break).
                if (_lineLength == 0) { text = ""; endsLine = true; return false; }
                text = Emit(_lineLength, lineEnds: true);
                endsLine = true;
                return true;
            }
            if (_afterCr)
            {
                _afterCr = false;
                if (_buffer[_position] == (byte)'\n') { _position++; _lineStart++; continue; }
            }
            var span = _buffer.AsSpan(_position, _end - _position);
            int brk = span.IndexOfAny((byte)'\n', (byte)'\r');
            int take = brk < 0 ? span.Length : brk;
            if (_lineLength + take > MaxLineBytes)
            {
                take = MaxLineBytes - _lineLength;
                Append(span[..take]);
                _position += take;
                text = LongLine();
                endsLine = false;
                return true;
            }
            Append(span[..take]);
            _position += take;
            if (brk < 0) continue;
            _afterCr = _buffer[_position] == (byte)'\r';
            _position++;
            text = Emit(_lineLength, lineEnds: true);
            _lineStart++; // the line break
            endsLine = true;
            return true;
        }
    }

    /// <inheritdoc/>
    public void Dispose() => _stream.Dispose();

    private void Start()
    {
        _started = true;
        Fill();
        var head = _buffer.AsSpan(_position, _end - _position);
        if (head.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF])) { _position += 3; _lineStart = 3; }
        else if (head.StartsWith((ReadOnlySpan<byte>)[0xFF, 0xFE]) || head.StartsWith((ReadOnlySpan<byte>)[0xFE, 0xFF]))
            throw new InvalidDataException($"{_path}: UTF-16 text (byte-order mark {head[0]:X2} {head[1]:X2}); save it as UTF-8.");
    }

    private bool Fill()
    {
        if (_eof) return false;
        _position = 0;
        _end = _stream.Read(_buffer);
        if (_end == 0) _eof = true;
        return !_eof;
    }

    private void Append(ReadOnlySpan<byte> bytes)
    {
        if (_lineLength + bytes.Length > _line.Length)
            Array.Resize(ref _line, Math.Min(Math.Max(_line.Length * 2, _lineLength + bytes.Length), MaxLineBytes));
        bytes.CopyTo(_line.AsSpan(_lineLength));
        _lineLength += bytes.Length;
    }

    // The buffered part of a line reached MaxLineBytes without a line break: an error, or a piece cut where no token spans.
    private string LongLine()
    {
        var line = _line.AsSpan(0, _lineLength);
        int cut = _split switch
        {
            LongLineSplit.AtScalar => LastScalarStart(line),
            LongLineSplit.AtSpace => line.LastIndexOfAny((byte)' ', (byte)'\t') + 1,
            _ => throw new InvalidDataException(string.Create(CultureInfo.InvariantCulture,
                $"{_path}:{_lineNumber}: the line starting at byte {_lineStart} is longer than {MaxLineBytes:N0} bytes; expected one sentence, pair or record per line.")),
        };
        if (cut <= 0)
            throw Error($"no space or tab in {MaxLineBytes.ToString("N0", CultureInfo.InvariantCulture)} bytes: a token that long is not text", _lineStart);
        return Emit(cut, lineEnds: false);
    }

    private static int LastScalarStart(ReadOnlySpan<byte> line)
    {
        int i = line.Length;
        while (i > 0 && (line[i - 1] & 0xC0) == 0x80) i--;
        // i − 1 starts the sequence the end cut into; a complete sequence there keeps the cut at the end.
        if (i == 0) return 0;
        int lead = line[i - 1], need = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : 2;
        return line.Length - (i - 1) >= need ? line.Length : i - 1;
    }

    // Decodes the first `count` bytes of the buffered line as the next text and keeps the rest.
    private string Emit(int count, bool lineEnds)
    {
        var bytes = _line.AsSpan(0, count);
        LineNumber = _lineNumber;
        int nul = bytes.IndexOf((byte)0);
        if (nul >= 0) throw Error("NUL byte (a binary file?)", _lineStart + nul);
        char[] chars = ArrayPool<char>.Shared.Rent(Math.Max(1, count));
        try
        {
            var status = Utf8.ToUtf16(bytes, chars.AsSpan(), out int read, out int written, replaceInvalidSequences: false, isFinalBlock: true);
            if (status != System.Buffers.OperationStatus.Done) throw Error("invalid UTF-8", _lineStart + read);
            string text = new(chars, 0, written);
            _line.AsSpan(count, _lineLength - count).CopyTo(_line);
            _lineLength -= count;
            _lineStart += count;
            if (lineEnds) _lineNumber++;
            return text;
        }
        finally
        {
            ArrayPool<char>.Shared.Return(chars);
        }
    }

    private InvalidDataException Error(string what, long offset) =>
        new(string.Create(CultureInfo.InvariantCulture, $"{_path}:{_lineNumber}: {what} at byte {offset}."));
}
