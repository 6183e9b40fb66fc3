using System.Diagnostics;
using System.Runtime.ExceptionServices;

namespace Recur.Kernels;

/// <summary>
/// The persistent worker threads that kernels split large products across.
/// A parallel call runs on the calling thread plus up to <see cref="Count"/> − 1 workers; the workers
/// are created on first use, spin briefly after each job and then sleep until the next one, so a call
/// neither allocates nor queues work on the .NET thread pool.
/// </summary>
public static partial class KernelThreads
{
    private static int s_count = Math.Max(1, Environment.ProcessorCount);

    // Serialises parallel jobs: 0 idle, 1 a caller owns the workers. A second concurrent caller,
    // or a kernel called from inside a job, runs its parts on its own thread instead.
    private static int s_busy;

    // The current job. Written only by the owner before the ticket moves to a new generation.
    private static Work? s_work;
    private static int s_parts;
    private static int s_helpers;
    private static int s_pending;
    private static Exception? s_error;

    // High 32 bits: job generation; low 32 bits: index of the next part to hand out.
    // Parts are claimed by compare-exchange on the whole word, so a worker that still holds an
    // old generation can never claim a part of a newer job.
    private static long s_ticket;

    // True on a thread while it runs a part of a job: a kernel called from a part then runs on that thread alone.
    [ThreadStatic] private static bool t_inJob;

    /// <summary>
    /// Number of threads, the caller included, that a kernel may use for one call.
    /// Defaults to <see cref="Environment.ProcessorCount"/>; values below 1 are stored as 1.
    /// Reads 1 on a thread that is running a part of a parallel job (a recurrent layer's row group, say), so kernels
    /// called from there neither split their work nor try to. Kernel results do not depend on this setting.
    /// </summary>
    public static int Count
    {
        get => t_inJob ? 1 : Volatile.Read(ref s_count);
        set => Volatile.Write(ref s_count, Math.Max(1, value));
    }

    /// <summary>Runs <c>work.Execute(part)</c> for every part in [0, parts), on the caller and idle workers.</summary>
    /// <remarks>Which thread runs a part is not fixed, so parts must write disjoint outputs.</remarks>
    internal static void Run(Work work, int parts)
    {
        int threads = Math.Min(parts, Count);
        if (threads <= 1 || Interlocked.CompareExchange(ref s_busy, 1, 0) != 0)
        {
            for (int i = 0; i < parts; i++) work.Execute(i);
            return;
        }

        try
        {
            EnsureWorkers(threads - 1);
            s_work = work;
            s_parts = parts;
            s_helpers = threads - 1;
            s_pending = parts;
            s_error = null;
            long generation = (Volatile.Read(ref s_ticket) >> 32) + 1;
            // Full fence: the job fields are visible before the new generation, and the sleeper count
            // read in Wake cannot be reordered before this write.
            Interlocked.Exchange(ref s_ticket, generation << 32);
            Wake();

            RunParts(generation);
            SpinWait spin = default;
            while (Volatile.Read(ref s_pending) != 0) spin.SpinOnce(sleep1Threshold: -1);

            s_work = null;
            if (s_error is { } error) ExceptionDispatchInfo.Capture(error).Throw();
        }
        finally
        {
            Volatile.Write(ref s_busy, 0);
        }
    }

    // Claims and runs parts of one generation until none are left.
    private static void RunParts(long generation)
    {
        while (true)
        {
            long ticket = Volatile.Read(ref s_ticket);
            if (ticket >> 32 != generation) return;
            int part = (int)(uint)ticket;
            // Read after the ticket: if the claim below succeeds, this generation was still running,
            // so its owner has not yet replaced these fields.
            Work? work = s_work;
            if (part >= s_parts) return;
            if (Interlocked.CompareExchange(ref s_ticket, ticket + 1, ticket) != ticket) continue;

            Debug.Assert(work is not null);
            t_inJob = true;
            try
            {
                work.Execute(part);
            }
            catch (Exception e)
            {
                Interlocked.CompareExchange(ref s_error, e, null);
            }
            finally
            {
                t_inJob = false;
            }
            Interlocked.Decrement(ref s_pending);
        }
    }

    /// <summary>A job split into independent parts.</summary>
    internal abstract class Work
    {
        /// <summary>Runs one part; called once per part, from any thread.</summary>
        public abstract void Execute(int part);
    }
}
