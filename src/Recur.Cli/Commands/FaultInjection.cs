using System.Globalization;
using Recur.IO;
using Recur.Training;

namespace Recur.Cli.Commands;

/// <summary>
/// Faults injected on request of environment variables, so that process tests can produce what is otherwise left to
/// chance (a kill in the middle of a checkpoint write, a full disk, a non-finite gradient). Unset variables inject nothing.
/// <list type="bullet">
/// <item><c>RECUR_FAULT_WRITE_DELAY_MS=N</c>: every file written atomically (checkpoints, metrics.csv, loss.svg) pauses
/// N ms after its first bytes, so a kill often lands while a temporary file is half written.</item>
/// <item><c>RECUR_FAULT_DISK_FULL_AT=K</c>: the K-th atomic write of the process (1-based) and every later one fail
/// after their first bytes with the error a full disk gives (ENOSPC).</item>
/// <item><c>RECUR_FAULT_NAN_AT_STEPS=A,B,…</c>: at optimiser steps A, B… the gradient of the first parameter tensor
/// becomes NaN after backpropagation (once per listed step: a skipped step is attempted again under its number).</item>
/// </list>
/// </summary>
internal static class FaultInjection
{
    /// <summary>The I/O error number of a full disk on Linux and macOS (ENOSPC), which .NET puts in the IOException's HResult.</summary>
    public const int NoSpaceErrno = 28;

    private static int s_writes;

    /// <summary>Installs the faults the environment asks for on file writes and on <paramref name="trainer"/>.</summary>
    public static void Install<TBatch>(Trainer<float, TBatch> trainer) where TBatch : class, new()
    {
        int delay = Number("RECUR_FAULT_WRITE_DELAY_MS");
        int fullAt = Number("RECUR_FAULT_DISK_FULL_AT");
        if (delay > 0 || fullAt > 0)
        {
            AtomicFile.StreamDecorator = (_, stream) =>
            {
                int write = Interlocked.Increment(ref s_writes);
                return new FaultyStream(stream, delay, fullAt > 0 && write >= fullAt);
            };
        }
        string? steps = Environment.GetEnvironmentVariable("RECUR_FAULT_NAN_AT_STEPS");
        if (!string.IsNullOrWhiteSpace(steps))
        {
            var poisoned = steps.Split(',').Select(s => long.Parse(s, NumberStyles.None, CultureInfo.InvariantCulture)).ToHashSet();
            trainer.GradientsComputed = (step, store) =>
            {
                // Once per listed step: a skipped step keeps its number, and the fault is a transient one.
                if (poisoned.Remove(step)) store.Gradient(store.Slots[0])[0] = float.NaN;
            };
        }
    }

    private static int Number(string variable) =>
        Environment.GetEnvironmentVariable(variable) is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) ? n : 0;

    /// <summary>
    /// Writes the first half of the first buffer, then pauses once, or fails that write and every later one as a full
    /// disk does.
    /// </summary>
    private sealed class FaultyStream(Stream inner, int delayMs, bool full) : Stream
    {
        private bool _started;

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => inner.Length;
        public override long Position { get => inner.Position; set => throw new NotSupportedException(); }

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            if (_started)
            {
                if (full) throw new IOException("No space left on device", NoSpaceErrno);
                inner.Write(buffer);
                return;
            }
            _started = true;
            int half = buffer.Length / 2;
            inner.Write(buffer[..half]);
            inner.Flush();
            if (full) throw new IOException("No space left on device", NoSpaceErrno);
            if (delayMs > 0) Thread.Sleep(delayMs);
            inner.Write(buffer[half..]);
        }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));
        public override void Flush() => inner.Flush();
        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
