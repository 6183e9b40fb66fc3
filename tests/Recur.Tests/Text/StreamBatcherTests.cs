using Recur.Text;

namespace Recur.Tests.Text;

public sealed class StreamBatcherTests
{
    [Fact]
    public void Next_Windows_CoverStreamsContiguously()
    {
        int[] tokens = Enumerable.Range(100, 103).ToArray(); // N = 103, B = 4: L = 25, 3 tokens dropped
        var batcher = new StreamBatcher(tokens, batchSize: 4, sequenceLength: 5);
        Assert.Equal(25, batcher.StreamLength);
        Assert.Equal(5, batcher.WindowCount); // 24 input steps: 5 + 5 + 5 + 5 + 4

        var batch = new TokenBatch();
        int[]? prevTargets = null;
        int window = 0, prevSteps = 0;
        var covered = new List<int>[4];
        for (int b = 0; b < 4; b++) covered[b] = [];
        while (batcher.Next(batch))
        {
            int steps = batch.Steps;
            Assert.Equal(window == 4 ? 4 : 5, steps);
            Assert.Equal(4, batch.Size);
            Assert.Equal(window > 0, batch.CarriesState);
            Assert.All(batch.LengthSpan.ToArray(), l => Assert.Equal(steps, l));
            for (int b = 0; b < 4; b++)
            {
                for (int t = 0; t < steps; t++)
                {
                    int input = batch.Inputs[t * 4 + b];
                    Assert.Equal(input + 1, batch.Targets[t * 4 + b]);
                    covered[b].Add(input);
                }

                // The target of the last step of window k is the input of the first step of window k + 1.
                if (prevTargets != null) Assert.Equal(prevTargets[(prevSteps - 1) * 4 + b], batch.Inputs[b]);
            }

            prevTargets = batch.TargetSpan.ToArray();
            prevSteps = steps;
            window++;
        }

        Assert.Equal(5, window);
        for (int b = 0; b < 4; b++) Assert.Equal(Enumerable.Range(100 + 25 * b, 24), covered[b]);
    }

    [Fact]
    public void Seek_EqualsSkipping()
    {
        int[] tokens = Enumerable.Range(0, 1000).Select(i => (i * 7919) % 97).ToArray();
        var skipped = new StreamBatcher(tokens, 3, 7);
        var sought = new StreamBatcher(tokens, 3, 7);
        var a = new TokenBatch();
        var b = new TokenBatch();
        for (int k = 0; k < 10; k++) skipped.Next(a);
        sought.Seek(10);
        Assert.Equal(10, sought.Position);
        while (skipped.Next(a))
        {
            Assert.True(sought.Next(b));
            Assert.Equal(a.InputSpan.ToArray(), b.InputSpan.ToArray());
            Assert.Equal(a.TargetSpan.ToArray(), b.TargetSpan.ToArray());
            Assert.Equal(a.CarriesState, b.CarriesState);
        }

        Assert.False(sought.Next(b));
        Assert.Throws<ArgumentOutOfRangeException>(() => sought.Seek(sought.WindowCount + 1));
    }

    [Fact]
    public void Reset_StartsNewEpochWithoutState()
    {
        var batcher = new StreamBatcher(Enumerable.Range(0, 40).ToArray(), 2, 30);
        var batch = new TokenBatch();
        Assert.True(batcher.Next(batch));
        Assert.Equal(19, batch.Steps);
        Assert.False(batcher.Next(batch));
        batcher.Reset();
        Assert.True(batcher.Next(batch));
        Assert.False(batch.CarriesState);
        Assert.Equal(0, batch.Inputs[0]);
        Assert.Equal(20, batch.Inputs[1]);
    }

    [Fact]
    public void Constructor_TooShortCorpus_ThrowsClearMessage()
    {
        var e = Assert.Throws<ArgumentException>(() => new StreamBatcher(new int[50], 64, 35));
        Assert.Contains("50 tokens is too short for batch 64", e.Message);
        Assert.Contains("at least 2 tokens", e.Message);
        Assert.Throws<ArgumentException>(() => new StreamBatcher(new int[5], 3, 1));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamBatcher(new int[50], 0, 35));
        Assert.Throws<ArgumentOutOfRangeException>(() => new StreamBatcher(new int[50], 2, 0));

        var minimal = new StreamBatcher(new int[6], 3, 1);
        Assert.Equal(1, minimal.WindowCount);
    }

    [Fact]
    public void Next_SteadyEpoch_DoesNotAllocate()
    {
        var batcher = new StreamBatcher(Enumerable.Range(0, 5000).ToArray(), 8, 35);
        var batch = new TokenBatch();
        while (batcher.Next(batch)) { }
        batcher.Reset();
        long before = GC.GetAllocatedBytesForCurrentThread();
        while (batcher.Next(batch)) { }
        Assert.Equal(before, GC.GetAllocatedBytesForCurrentThread());
    }
}
