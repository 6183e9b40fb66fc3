using System.Numerics;
using Recur.Training;

namespace Recur.Layers;

/// <summary>Parameter initialisers shared by the layers.</summary>
public static class Initialization
{
    /// <summary>Every element uniform in [−bound, bound).</summary>
    public static void Uniform<T>(Span<T> values, Rng rng, double bound) where T : unmanaged, IFloatingPointIeee754<T>
    {
        for (int i = 0; i < values.Length; i++) values[i] = T.CreateChecked(rng.NextUniform(-bound, bound));
    }

    /// <summary>
    /// A random orthogonal n×n matrix (QᵀQ = I, times <paramref name="gain"/>): Gram–Schmidt, twice for accuracy,
    /// on the rows of a Gaussian matrix, which gives the Haar (uniform) distribution over orthogonal matrices.
    /// </summary>
    /// <param name="matrix">[n, n] row-major, written.</param>
    /// <param name="n">Size.</param>
    /// <param name="rng">Source of the Gaussian matrix.</param>
    /// <param name="gain">Scale of the result.</param>
    public static void Orthogonal<T>(Span<T> matrix, int n, Rng rng, double gain = 1) where T : unmanaged, IFloatingPointIeee754<T>
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(n);
        if (matrix.Length < n * n) throw new ArgumentException($"Expected {n * n} elements.", nameof(matrix));
        var q = new double[n * n];
        for (int i = 0; i < q.Length; i++) q[i] = rng.NextGaussian();
        for (int i = 0; i < n; i++)
        {
            var row = q.AsSpan(i * n, n);
            for (int pass = 0; pass < 2; pass++)
                for (int k = 0; k < i; k++)
                {
                    var prev = q.AsSpan(k * n, n);
                    double dot = 0;
                    for (int j = 0; j < n; j++) dot += row[j] * prev[j];
                    for (int j = 0; j < n; j++) row[j] -= dot * prev[j];
                }
            double norm = 0;
            for (int j = 0; j < n; j++) norm += row[j] * row[j];
            norm = Math.Sqrt(norm);
            for (int j = 0; j < n; j++) row[j] /= norm;
        }
        for (int i = 0; i < n * n; i++) matrix[i] = T.CreateChecked(gain * q[i]);
    }
}
