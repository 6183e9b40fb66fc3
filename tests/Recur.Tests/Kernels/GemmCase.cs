using System.Numerics;
using Recur.Kernels;

namespace Recur.Tests.Kernels;

/// <summary>
/// One GEMM problem in row-major buffers with optional row padding (ld &gt; cols) and a start offset.
/// Padding of A and B holds NaN, so a kernel that reads it poisons the result; padding of C holds a
/// sentinel that must survive bit for bit.
/// </summary>
internal sealed class GemmCase<T> where T : unmanaged, IFloatingPointIeee754<T>
{
    // Relative tolerance per √k on Σ|a||b| (+|c|), and an absolute floor for results near zero.
    public const double FloatRelative = 1e-5;
    public const double FloatAbsolute = 1e-6;
    public const double DoubleRelative = 1e-12;
    public const double DoubleAbsolute = 1e-14;

    private static readonly T s_sentinel = T.CreateTruncating(-7777.25);

    private readonly T[] _a, _b, _c;
    private readonly int _offset, _lenA, _lenB, _lenC, _lda, _ldb, _ldc;

    private GemmCase(string form, int m, int n, int k, int pad, int offset, bool accumulate, Random random)
    {
        (Form, M, N, K, Accumulate, _offset) = (form, m, n, k, accumulate, offset);
        (int rowsA, int colsA) = form == "TN" ? (k, m) : (m, k);
        (int rowsB, int colsB) = form == "NT" ? (n, k) : (k, n);
        (_a, _lda, _lenA) = Matrix(rowsA, colsA, pad, offset, T.NaN, random);
        (_b, _ldb, _lenB) = Matrix(rowsB, colsB, pad, offset, T.NaN, random);
        (_c, _ldc, _lenC) = Matrix(m, n, pad, offset, s_sentinel, random);
    }

    public string Form { get; }
    public int M { get; }
    public int N { get; }
    public int K { get; }
    public bool Accumulate { get; }

    public static double Relative => typeof(T) == typeof(float) ? FloatRelative : DoubleRelative;
    public static double Absolute => typeof(T) == typeof(float) ? FloatAbsolute : DoubleAbsolute;

    public override string ToString() =>
        $"{typeof(T).Name} {Form} m={M} n={N} k={K} lda={_lda} ldb={_ldb} ldc={_ldc} offset={_offset} accumulate={Accumulate}";

    public static GemmCase<T> Create(string form, int m, int n, int k, int seed, int pad = 0, int offset = 0,
        bool accumulate = false)
        => new(form, m, n, k, pad, offset, accumulate, new Random(seed));

    /// <summary>Runs the fast kernel with each thread count and compares it with the reference.</summary>
    public void AssertMatchesReference(params int[] threadCounts)
    {
        T[] expected = (T[])_c.Clone();
        Run(reference: true, _a, _b, expected);
        // Σ|a||b| (+|c|) bounds the rounding error of any summation order.
        T[] scale = Abs(_c);
        Run(reference: true, Abs(_a), Abs(_b), scale);
        double relative = Relative * Math.Sqrt(Math.Max(K, 1));

        foreach (int threads in threadCounts)
        {
            T[] actual = (T[])_c.Clone();
            RunFast(actual, threads);
            string context = $"{this}, threads={threads}";
            AssertPaddingUntouched(actual, context);
            KernelAssert.Close<T>(expected, actual, scale, relative, Absolute, context);
        }
    }

    /// <summary>Runs the fast kernel on a copy of C and returns it.</summary>
    public T[] Fast(int threads)
    {
        T[] c = (T[])_c.Clone();
        RunFast(c, threads);
        return c;
    }

    /// <summary>Runs the fast kernel in place on <paramref name="c"/> with the current thread setting.</summary>
    public void RunFast(T[] c) => Run(reference: false, _a, _b, c);

    private void RunFast(T[] c, int threads)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            Run(reference: false, _a, _b, c);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private void Run(bool reference, T[] a, T[] b, T[] c)
    {
        ReadOnlySpan<T> sa = a.AsSpan(_offset, _lenA), sb = b.AsSpan(_offset, _lenB);
        Span<T> sc = c.AsSpan(_offset, _lenC);
        switch (Form, reference)
        {
            case ("NN", false): Gemm.MultiplyNN(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            case ("NT", false): Gemm.MultiplyNT(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            case ("TN", false): Gemm.MultiplyTN(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            case ("NN", true): Gemm.ReferenceNN(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            case ("NT", true): Gemm.ReferenceNT(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            case ("TN", true): Gemm.ReferenceTN(M, N, K, sa, _lda, sb, _ldb, sc, _ldc, Accumulate); break;
            default: throw new ArgumentException($"Unknown form '{Form}'.");
        }
    }

    private void AssertPaddingUntouched(T[] actual, string context)
    {
        for (int i = 0; i < actual.Length; i++)
        {
            int local = i - _offset;
            bool inside = local >= 0 && local < _lenC && local % Math.Max(_ldc, 1) < N;
            if (!inside && !s_sentinel.Equals(actual[i]))
                Assert.Fail($"{context}: padding of C changed at index {i} to {actual[i]}.");
        }
    }

    // Buffer of offset + (rows−1)·ld + cols elements plus a trailing row of padding; valid elements are
    // uniform in [−1, 1), everything else is fill. The span handed to kernels is exactly long enough.
    private static (T[] Buffer, int Ld, int Length) Matrix(int rows, int cols, int pad, int offset, T fill, Random random)
    {
        int ld = cols + pad;
        int length = rows == 0 || cols == 0 ? 0 : (rows - 1) * ld + cols;
        var buffer = new T[offset + length + ld + 1];
        buffer.AsSpan().Fill(fill);
        for (int r = 0; r < rows; r++)
            for (int j = 0; j < cols; j++)
                buffer[offset + r * ld + j] = T.CreateTruncating(2 * random.NextDouble() - 1);
        return (buffer, ld, length);
    }

    private static T[] Abs(T[] x)
    {
        var y = new T[x.Length];
        for (int i = 0; i < x.Length; i++) y[i] = T.Abs(x[i]);
        return y;
    }
}
