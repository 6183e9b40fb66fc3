namespace Recur.Optim;

/// <summary>Range checks for optimiser options; each names the option in its message.</summary>
internal static class OptionChecks
{
    /// <summary>Throws unless <paramref name="value"/> is finite and ≥ 0.</summary>
    public static void NonNegative(double value, string option, string paramName)
    {
        if (!(value >= 0) || double.IsPositiveInfinity(value))
            throw new ArgumentException($"{option} must be finite and not negative, got {value}.", paramName);
    }

    /// <summary>Throws unless 0 ≤ <paramref name="value"/> &lt; 1.</summary>
    public static void UnitInterval(double value, string option, string paramName)
    {
        if (!(value >= 0 && value < 1))
            throw new ArgumentException($"{option} must be in [0, 1), got {value}.", paramName);
    }
}
