namespace Recur.Tests.Kernels;

/// <summary>Tests that change <see cref="Recur.Kernels.KernelThreads.Count"/> run one at a time.</summary>
[CollectionDefinition(Name)]
public class KernelThreadsCollection
{
    /// <summary>The collection name.</summary>
    public const string Name = "KernelThreads";
}
