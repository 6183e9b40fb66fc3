namespace Recur.Tests.Cli;

/// <summary>The test classes that share one <see cref="ClassifyTrainedRun"/>.</summary>
[CollectionDefinition(Name)]
public sealed class ClassifyRunCollection : ICollectionFixture<ClassifyTrainedRun>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "recur classify trained run";
}
