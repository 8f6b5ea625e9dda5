namespace Rampa.Core.Data;

/// <summary>
/// A block of a source's sequence handed to one silo: sequence numbers <see cref="Start"/> to
/// <see cref="Start"/> + <see cref="Count"/> - 1, row = sequence mod row count. <see cref="Exhausted"/>: a
/// <see cref="DataMode.Unique"/> source has no row left (with <see cref="DataExhaustion.Stop"/> or
/// <see cref="DataExhaustion.Fail"/>); the block may still hold the last rows.
/// </summary>
public readonly record struct RowLease(long Start, int Count, bool Exhausted)
{
    public static RowLease None(bool exhausted) => new(0, 0, exhausted);
}
