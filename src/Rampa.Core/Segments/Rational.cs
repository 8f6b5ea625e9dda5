using System.Globalization;

namespace Rampa.Core.Segments;

/// <summary>An exact fraction, always reduced, with a positive denominator.</summary>
public readonly record struct Rational
{
    public Rational(long numerator, long denominator)
    {
        if (denominator == 0) throw new ArgumentException("denominator must not be 0", nameof(denominator));
        if (denominator < 0) { numerator = -numerator; denominator = -denominator; }
        var g = Gcd(Math.Abs(numerator), denominator);
        Numerator = numerator / g;
        Denominator = denominator / g;
    }

    public long Numerator { get; }
    public long Denominator { get; }

    public static readonly Rational Zero = new(0, 1);
    public static readonly Rational One = new(1, 1);

    public static Rational operator -(Rational a, Rational b) =>
        new(checked(a.Numerator * b.Denominator - b.Numerator * a.Denominator), checked(a.Denominator * b.Denominator));

    public static bool operator <(Rational a, Rational b) => a.Numerator * b.Denominator < b.Numerator * a.Denominator;
    public static bool operator >(Rational a, Rational b) => b < a;

    public static long Gcd(long a, long b)
    {
        while (b != 0) (a, b) = (b, a % b);
        return a == 0 ? 1 : a;
    }

    public static long Lcm(long a, long b) => checked(a / Gcd(a, b) * b);

    public override string ToString() =>
        Denominator == 1 ? Numerator.ToString(CultureInfo.InvariantCulture) : $"{Numerator}/{Denominator}";
}
