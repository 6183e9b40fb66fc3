namespace Recur.Tests.TestSupport;

/// <summary>Named tolerances used across the tests.</summary>
public static class Tolerances
{
    /// <summary>Finite differences against analytic gradients in double: ‖a − n‖/(‖a‖ + ‖n‖).</summary>
    public const double GradientCheck = 1e-6;

    /// <summary>Step for central differences in double.</summary>
    public const double FiniteDifferenceStep = 1e-6;

    /// <summary>float32 results against PyTorch's, ‖a − b‖/‖b‖ per tensor (the bound).</summary>
    public const double TorchFloat32 = 1e-5;

    /// <summary>double results against a float64 reference of the same equations.</summary>
    public const double Float64Reference = 1e-10;
}
