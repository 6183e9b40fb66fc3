using System.Diagnostics;

namespace Recur.Kernels;

public static partial class KernelThreads
{
    // How long an idle worker polls for the next job before it blocks. Recurrent layers issue many
    // small products back to back; a polling worker joins the next one in well under a microsecond,
    // while waking a blocked thread costs tens of microseconds.
    private const int SpinMicroseconds = 200;

    private static readonly object s_gate = new();
    private static int s_started;
    private static int s_sleepers;

    private static void EnsureWorkers(int count)
    {
        if (Volatile.Read(ref s_started) >= count) return;
        lock (s_gate)
        {
            while (s_started < count)
            {
                int index = s_started + 1;
                // The worker waits for a generation newer than the current one, so it cannot run a
                // job that finished before it existed.
                long seen = Volatile.Read(ref s_ticket) >> 32;
                var thread = new Thread(() => WorkerLoop(index, seen))
                {
                    IsBackground = true,
                    Name = $"Recur kernel worker {index}",
                };
                thread.Start();
                s_started++;
            }
        }
    }

    private static void WorkerLoop(int index, long seen)
    {
        while (true)
        {
            seen = WaitForJob(seen);
            // Workers beyond this job's helper count stay out, so Count bounds the threads in use.
            if (index <= Volatile.Read(ref s_helpers)) RunParts(seen);
        }
    }

    // Returns the first generation different from seen: polls, then sleeps on the gate. The poll
    // backs off to Thread.Yield, so on a busy machine a waiting worker cedes its core to other work.
    private static long WaitForJob(long seen)
    {
        long deadline = Stopwatch.GetTimestamp() + Stopwatch.Frequency * SpinMicroseconds / 1_000_000;
        SpinWait spin = default;
        while (true)
        {
            long generation = Volatile.Read(ref s_ticket) >> 32;
            if (generation != seen) return generation;
            spin.SpinOnce(sleep1Threshold: -1);
            if ((spin.Count & 15) == 0 && Stopwatch.GetTimestamp() > deadline) break;
        }

        lock (s_gate)
        {
            // Full fence before re-reading the ticket; pairs with the fence in Run so that either the
            // worker sees the new generation or the owner sees this sleeper and pulses.
            Interlocked.Increment(ref s_sleepers);
            try
            {
                while (true)
                {
                    long generation = Volatile.Read(ref s_ticket) >> 32;
                    if (generation != seen) return generation;
                    Monitor.Wait(s_gate);
                }
            }
            finally
            {
                Interlocked.Decrement(ref s_sleepers);
            }
        }
    }

    private static void Wake()
    {
        if (Volatile.Read(ref s_sleepers) == 0) return;
        lock (s_gate) Monitor.PulseAll(s_gate);
    }
}
