using System.Numerics;
using System.Runtime.CompilerServices;

namespace Recur.Kernels;

public static partial class Gemm
{
    // One product split into column strips or row panels of C, each run by Blocked on some thread.
    // One instance per calling thread is reused, so a parallel call allocates nothing.
    private sealed unsafe class Split<T, TK> : KernelThreads.Work
        where T : unmanaged, IFloatingPointIeee754<T>
        where TK : struct, IKernel<T>
    {
        [ThreadStatic] private static Split<T, TK>? t_instance;

        private Form _form;
        private int _m, _n, _k, _parts;
        private T* _a, _b, _c;
        private nint _lda, _ldb, _ldc;
        private bool _accumulate, _splitColumns;

        public static Split<T, TK> ForCurrentThread() => t_instance ??= new Split<T, TK>();

        public void Set(Form form, int m, int n, int k, T* a, nint lda, T* b, nint ldb, T* c, nint ldc,
            bool accumulate, int parts, bool splitColumns)
        {
            (_form, _m, _n, _k, _parts) = (form, m, n, k, parts);
            _a = a;
            _b = b;
            _c = c;
            (_lda, _ldb, _ldc) = (lda, ldb, ldc);
            (_accumulate, _splitColumns) = (accumulate, splitColumns);
        }

        public void Clear()
        {
            _a = null;
            _b = null;
            _c = null;
        }

        public override void Execute(int part)
        {
            // Whole tiles per part, spread as evenly as integer division allows.
            int tile = _splitColumns ? TK.Nr : TK.Mr;
            int extent = _splitColumns ? _n : _m;
            int tiles = (extent + tile - 1) / tile;
            int start = (int)((long)tiles * part / _parts) * tile;
            int end = Math.Min(extent, (int)((long)tiles * (part + 1) / _parts) * tile);
            if (start >= end) return;

            ref T a = ref Unsafe.AsRef<T>(_a);
            ref T b = ref Unsafe.AsRef<T>(_b);
            ref T c = ref Unsafe.AsRef<T>(_c);
            if (_splitColumns)
                Region<T, TK>(_form, _m, 0, _m, start, end, _k, ref a, _lda, ref b, _ldb, ref c, _ldc, _accumulate);
            else
                Region<T, TK>(_form, _m, start, end, 0, _n, _k, ref a, _lda, ref b, _ldb, ref c, _ldc, _accumulate);
        }
    }
}
