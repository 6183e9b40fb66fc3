using Recur.Kernels;

namespace Recur.Benchmarks.Workloads;

/// <summary>
/// FP32 GEMM throughput for NN, NT and TN on cubes (256³, 1024³) and on the shapes recurrent layers
/// produce (m = batch or time×batch, n = 4×hidden, k = input or hidden), including batches of 1 to 8. Rates are
/// 2·m·n·k / median time, compared with <see cref="PeakWorkload"/> for the same thread count.
/// The scalar <see cref="Gemm.ReferenceNN{T}"/> at 256³ on one thread is the baseline.
/// </summary>
public sealed class GemmWorkload : IWorkload
{
    private static readonly (string Name, int M, int N, int K)[] s_shapes =
    [
        ("256", 256, 256, 256),
        ("1024", 1024, 1024, 1024),
        ("32x1024x256", 32, 1024, 256),
        ("2048x1024x64", 2048, 1024, 64),
        ("20x800x200", 20, 800, 200),
        ("32x2048x512", 32, 2048, 512),
        ("8192x2048x512", 8192, 2048, 512),
        ("1x2048x512", 1, 2048, 512),
        ("4x2048x512", 4, 2048, 512),
        ("8x2048x512", 8, 2048, 512),
    ];

    /// <inheritdoc/>
    public string Name => "gemm";

    /// <inheritdoc/>
    public IEnumerable<Measurement> Run(int threads, BenchOptions options)
    {
        double peak = PeakWorkload.Gflops(threads);
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            if (threads == 1 && options.Includes("gemm-reference-nn-256"))
            {
                var (a, b, c) = Operands(256, 256, 256);
                var seconds = Timing.Seconds(
                    () => Gemm.ReferenceNN<float>(256, 256, 256, a, 256, b, 256, c, 256), samples: 3);
                yield return Result("gemm-reference-nn-256", threads, 256, 256, 256, seconds, peak);
            }

            foreach (var (form, multiply) in Forms())
                foreach (var (name, m, n, k) in s_shapes)
                {
                    if (!options.Includes($"gemm-{form}-{name}")) continue;
                    var (a, b, c) = Operands(m, n, k);
                    // Row-major leading dimensions: NN A[m,k] B[k,n]; NT B[n,k]; TN A[k,m].
                    int lda = form == "tn" ? m : k;
                    int ldb = form == "nt" ? k : n;
                    var seconds = Timing.Seconds(() => multiply(m, n, k, a, lda, b, ldb, c, n));
                    yield return Result($"gemm-{form}-{name}", threads, m, n, k, seconds, peak);
                }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private delegate void Multiply(int m, int n, int k, float[] a, int lda, float[] b, int ldb, float[] c, int ldc);

    private static IEnumerable<(string Form, Multiply Multiply)> Forms()
    {
        yield return ("nn", (m, n, k, a, lda, b, ldb, c, ldc) => Gemm.MultiplyNN<float>(m, n, k, a, lda, b, ldb, c, ldc));
        yield return ("nt", (m, n, k, a, lda, b, ldb, c, ldc) => Gemm.MultiplyNT<float>(m, n, k, a, lda, b, ldb, c, ldc));
        yield return ("tn", (m, n, k, a, lda, b, ldb, c, ldc) => Gemm.MultiplyTN<float>(m, n, k, a, lda, b, ldb, c, ldc));
    }

    private static (float[] A, float[] B, float[] C) Operands(int m, int n, int k)
    {
        var random = new Random(1234);
        float[] a = new float[m * k], b = new float[k * n], c = new float[m * n];
        for (int i = 0; i < a.Length; i++) a[i] = random.NextSingle() - 0.5f;
        for (int i = 0; i < b.Length; i++) b[i] = random.NextSingle() - 0.5f;
        return (a, b, c);
    }

    private static Measurement Result(string workload, int threads, int m, int n, int k,
        (double Median, double Best) seconds, double peak)
    {
        double flops = 2.0 * m * n * k;
        double gflops = flops / seconds.Median / 1e9;
        return new Measurement(workload, threads, gflops, gflops / peak, seconds.Median * 1e3, flops / seconds.Best / 1e9);
    }
}
