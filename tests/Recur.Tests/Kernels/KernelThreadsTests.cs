using Recur.Kernels;

namespace Recur.Tests.Kernels;

[Collection(KernelThreadsCollection.Name)]
public class KernelThreadsTests
{
    private sealed class Recorder(int parts, int throwAt = -1) : KernelThreads.Work
    {
        public readonly int[] Runs = new int[parts];
        public readonly int[] ThreadIds = new int[parts];

        public override void Execute(int part)
        {
            Interlocked.Increment(ref Runs[part]);
            ThreadIds[part] = Environment.CurrentManagedThreadId;
            // Long enough (a few microseconds) that a second thread picks up some parts.
            Thread.SpinWait(500);
            if (part == throwAt) throw new InvalidOperationException("part failed");
        }
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(-5, 1)]
    [InlineData(1, 1)]
    [InlineData(3, 3)]
    public void Count_SetValue_StoresAtLeastOne(int value, int expected)
    {
        int saved = KernelThreads.Count;
        try
        {
            KernelThreads.Count = value;
            Assert.Equal(expected, KernelThreads.Count);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Theory]
    [InlineData(1, 7)]
    [InlineData(2, 1)]
    [InlineData(2, 2)]
    [InlineData(2, 50)]
    [InlineData(4, 9)]
    public void Run_ManyJobs_ExecutesEveryPartExactlyOnce(int threads, int parts)
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = threads;
        try
        {
            for (int job = 0; job < 100; job++)
            {
                var work = new Recorder(parts);
                KernelThreads.Run(work, parts);
                Assert.All(work.Runs, runs => Assert.Equal(1, runs));
            }
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Run_OneThread_RunsEveryPartOnCaller()
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = 1;
        try
        {
            var work = new Recorder(5);
            KernelThreads.Run(work, 5);
            Assert.All(work.ThreadIds, id => Assert.Equal(Environment.CurrentManagedThreadId, id));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    [Fact]
    public void Run_PartThrows_RethrowsOnCallerAfterAllParts()
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = 2;
        try
        {
            var work = new Recorder(8, throwAt: 5);
            var error = Assert.Throws<InvalidOperationException>(() => KernelThreads.Run(work, 8));
            Assert.Equal("part failed", error.Message);
            Assert.All(work.Runs, runs => Assert.Equal(1, runs));
            // The pool is usable again.
            var next = new Recorder(4);
            KernelThreads.Run(next, 4);
            Assert.All(next.Runs, runs => Assert.Equal(1, runs));
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }

    private sealed class CountRecorder(int parts) : KernelThreads.Work
    {
        public readonly int[] Counts = new int[parts];

        public override void Execute(int part)
        {
            Counts[part] = KernelThreads.Count;
            Thread.SpinWait(500);
        }
    }

    [Fact]
    public void Count_InsideAPart_ReadsOneAndIsRestoredAfterwards()
    {
        int saved = KernelThreads.Count;
        KernelThreads.Count = 2;
        try
        {
            var work = new CountRecorder(6);
            KernelThreads.Run(work, 6);
            Assert.All(work.Counts, count => Assert.Equal(1, count));
            Assert.Equal(2, KernelThreads.Count);
        }
        finally
        {
            KernelThreads.Count = saved;
        }
    }
}
