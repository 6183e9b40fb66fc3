using System.Globalization;

namespace Recur.Tests.IO.Fuzzing;

/// <summary>
/// Runs a <see cref="FuzzTarget"/> on seeded mutations of its seeds and fails on the first input that makes it throw
/// anything but <see cref="InvalidDataException"/> or allocate more than <see cref="AllocationBudget"/>, saving that input
/// to a file and giving its bytes in the message, ready for a regression test. An input that runs longer than
/// <see cref="TimeoutSeconds"/> is saved the same way and ends the test process with that message (a hang cannot be
/// interrupted in-process, and a run that hangs would otherwise hold CI until its time limit).
/// </summary>
public static class ReaderFuzzer
{
    /// <summary>Seconds one input may take unless RECUR_FUZZ_TIMEOUT_SECONDS says otherwise; reads take microseconds.</summary>
    public const double DefaultTimeoutSeconds = 20;

    /// <summary>Seconds one input may take: RECUR_FUZZ_TIMEOUT_SECONDS, or <see cref="DefaultTimeoutSeconds"/>.</summary>
    public static double TimeoutSeconds =>
        Environment.GetEnvironmentVariable("RECUR_FUZZ_TIMEOUT_SECONDS") is string text
        && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out double s) && s > 0
            ? s : DefaultTimeoutSeconds;

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
    /// <param name="target">The reader.</param>
    /// <param name="iterations">Inputs to try.</param>
    /// <param name="seed">Seed of the mutations.</param>
    /// <param name="onTimeout">
    /// Called from a timer thread with the message when an input runs past <paramref name="timeoutSeconds"/> (after the
    /// input is saved); null ends the process with <see cref="Environment.FailFast(string)"/>.
    /// </param>
    /// <param name="timeoutSeconds">Per-input limit; null for <see cref="TimeoutSeconds"/>.</param>
    public static Outcome Run(FuzzTarget target, int iterations, ulong seed, Action<string>? onTimeout = null, double? timeoutSeconds = null)
    {
        var mutator = new Mutator(seed);
        var choose = new Recur.Training.Rng(seed ^ 0x5EED);
        int rejected = 0, accepted = 0;
        double limit = timeoutSeconds ?? TimeoutSeconds;
        byte[] current = [];
        int currentIteration = -1;
        using var watchdog = new Timer(_ =>
        {
            string path = Save(target, currentIteration, current);
            string message = $"{target.Name}, input {currentIteration} ({current.Length} bytes, saved to {path}) ran longer than {limit:0.#} s";
            if (onTimeout is null) Environment.FailFast(message);
            else onTimeout(message);
        });
        for (int i = 0; i < iterations; i++)
        {
            byte[] input = mutator.Mutate(target.Seeds[choose.NextInt(target.Seeds.Count)]);
            if (target.FixChecksum is not null && choose.NextInt(2) == 0) input = target.FixChecksum(input);
            (current, currentIteration) = (input, i);
            watchdog.Change(TimeSpan.FromSeconds(limit), Timeout.InfiniteTimeSpan);
            long before = GC.GetAllocatedBytesForCurrentThread();
            Exception? e = Record.Exception(() => target.Read(input));
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            watchdog.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
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
        string path = Save(target, iteration, input);
        Assert.Fail($"{target.Name}, input {iteration} ({input.Length} bytes, saved to {path}): {what}\nbase64: {Convert.ToBase64String(input)}");
    }

    private static string Save(FuzzTarget target, int iteration, byte[] input)
    {
        string path = Path.Combine(Path.GetTempPath(), $"recur-fuzz-{target.Name.Replace(' ', '-')}-{iteration}.bin");
        File.WriteAllBytes(path, input);
        return path;
    }
}
