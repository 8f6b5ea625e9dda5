using Rampa.Core.Segments;

namespace Rampa.Core.Tests.Segments;

public class RationalTests
{
    [Theory]
    [InlineData(2, 4, 1, 2)]
    [InlineData(0, 5, 0, 1)]
    [InlineData(6, 3, 2, 1)]
    [InlineData(3, -9, -1, 3)]
    [InlineData(-3, -9, 1, 3)]
    [InlineData(7, 7, 1, 1)]
    public void Is_always_reduced_with_a_positive_denominator(long n, long d, long expectedN, long expectedD)
    {
        var r = new Rational(n, d);
        Assert.Equal(expectedN, r.Numerator);
        Assert.Equal(expectedD, r.Denominator);
    }

    [Fact]
    public void Zero_denominator_throws() => Assert.Throws<ArgumentException>(() => new Rational(1, 0));

    [Fact]
    public void Equal_fractions_are_equal() => Assert.Equal(new Rational(1, 2), new Rational(3, 6));

    [Theory]
    [InlineData(3, 4, 1, 2, 1, 4)]
    [InlineData(1, 1, 2, 3, 1, 3)]
    [InlineData(1, 3, 1, 2, -1, 6)]
    [InlineData(5, 6, 1, 6, 2, 3)]
    public void Subtraction(long an, long ad, long bn, long bd, long en, long ed) =>
        Assert.Equal(new Rational(en, ed), new Rational(an, ad) - new Rational(bn, bd));

    [Fact]
    public void Comparison()
    {
        Assert.True(new Rational(1, 3) < new Rational(1, 2));
        Assert.False(new Rational(1, 2) < new Rational(2, 4));
        Assert.True(new Rational(3, 4) > new Rational(2, 3));
        Assert.True(Rational.Zero < Rational.One);
    }

    [Theory]
    [InlineData(12, 18, 6)]
    [InlineData(7, 5, 1)]
    [InlineData(0, 5, 5)]
    [InlineData(0, 0, 1)]
    public void Gcd(long a, long b, long expected) => Assert.Equal(expected, Rational.Gcd(a, b));

    [Theory]
    [InlineData(4, 6, 12)]
    [InlineData(1, 7, 7)]
    [InlineData(12, 12, 12)]
    public void Lcm(long a, long b, long expected) => Assert.Equal(expected, Rational.Lcm(a, b));

    [Theory]
    [InlineData(0, 1, "0")]
    [InlineData(1, 1, "1")]
    [InlineData(3, 4, "3/4")]
    [InlineData(2, 6, "1/3")]
    public void Prints_as_k6_writes_segments(long n, long d, string expected) => Assert.Equal(expected, new Rational(n, d).ToString());
}
