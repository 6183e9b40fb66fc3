using System.Globalization;

namespace Recur.Tests.IO.Fuzzing;

/// <summary>
/// Runs a <see cref="FuzzTarget"/> on seeded mutations of its seeds and fails on the first input that makes it throw
/// anything but <see cref="InvalidDataException"/> or allocate more than <see cref="AllocationBudget"/>, saving that input
/// to a file and giving its bytes in the message, ready for a regression test.
/// </summary>
public static class ReaderFuzzer
{
    /// <summary>Iterations per target unless RECUR_FUZZ_ITERATIONS says otherwise (a longer campaign runs locally).</summary>
    public const int DefaultIterations = 3000;

    /// <summary>Iterations to run: RECUR_FUZZ_ITERATIONS, or <see cref="DefaultIterations"/>.</summary>
    public static int Iterations =>
        Environment.GetEnvironmentVariable("RECUR_FUZZ_ITERATIONS") is string text && int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out int n) && n > 0
            ? n : DefaultIterations;

    /// <summary>Seed of the mutations: RECUR_FUZZ_SEED, or <paramref name="fallback"/> (the fixed seed CI runs).</summary>
    public static ulong Seed(ulong fallback) =>
        Environment.GetEnvironmentVariable("RECUR_FUZZ_SEED") is string text && ulong.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out ulong s)
            ? s : fallback;

    /// <summary>The most one read of <paramref name="target"/> may allocate: 64 bytes per input byte, plus its fixed part.</summary>
    public static long AllocationBudget(FuzzTarget target, int inputLength) => 64L * inputLength + target.FixedAllocation;

    /// <summary>What a run saw: how many inputs were rejected and how many read successfully.</summary>
    public sealed record Outcome(int Rejected, int Accepted);

    /// <summary>Fuzzes <paramref name="target"/> for <paramref name="iterations"/> inputs from <paramref name="seed"/>.</summary>
    public static Outcome Run(FuzzTarget target, int iterations, ulong seed)
    {
        var mutator = new Mutator(seed);
        var choose = new Recur.Training.Rng(seed ^ 0x5EED);
        int rejected = 0, accepted = 0;
        for (int i = 0; i < iterations; i++)
        {
            byte[] input = mutator.Mutate(target.Seeds[choose.NextInt(target.Seeds.Count)]);
            if (target.FixChecksum is not null && choose.NextInt(2) == 0) input = target.FixChecksum(input);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Exception? e = Record.Exception(() => target.Read(input));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            if (e is InvalidDataException) rejected++;
            else if (e is null) accepted++;
            else Fail(target, i, input, $"{e.GetType().Name}: {e.Message}\n{e.StackTrace}");
            if (allocated > AllocationBudget(target, input.Length))
                Fail(target, i, input, $"allocated {allocated:N0} bytes for an input of {input.Length:N0}");
        }
        return new Outcome(rejected, accepted);
    }

    private static void Fail(FuzzTarget target, int iteration, byte[] input, string what)
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-fuzz-{target.Name.Replace(' ', '-')}-{iteration}.bin");
        File.WriteAllBytes(path, input);
        Assert.Fail($"{target.Name}, input {iteration} ({input.Length} bytes, saved to {path}): {what}\nbase64: {Convert.ToBase64String(input)}");
    }
}
