using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

public static partial class Gemm
{
    // Per-thread packing buffer, grown on demand and then reused, so steady-state calls allocate nothing.
    private static unsafe class Workspace<T> where T : unmanaged
    {
        private const int Alignment = 64;

        [ThreadStatic] private static T[]? t_buffer;
        [ThreadStatic] private static int t_offset;

        // Returns the first of at least length elements, 64-byte aligned so packed vector loads never
        // straddle cache lines. The array lives on the pinned heap, so the alignment offset stays valid.
        public static ref T Get(int length)
        {
            T[]? buffer = t_buffer;
            if (buffer is null || buffer.Length - t_offset < length)
            {
                int slack = Alignment / sizeof(T);
                buffer = GC.AllocateUninitializedArray<T>(Math.Max(length, 2 * (buffer?.Length ?? 0)) + slack, pinned: true);
                nint address = (nint)Unsafe.AsPointer(ref buffer[0]);
                t_offset = (int)((Alignment - address % Alignment) % Alignment) / sizeof(T);
                t_buffer = buffer;
            }
            return ref buffer[t_offset];
        }
    }
}
