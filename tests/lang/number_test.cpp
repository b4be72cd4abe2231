// Tests of lang/number.cpp and lang/number_math.cpp: exact decimal numbers.
#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <limits>
#include <string>

#include "lang/number.hpp"

using infra::lang::Number;
using infra::lang::NumberResult;

namespace {

Number num(std::string_view text) {
  NumberResult n = Number::parse(text);
  INFO(text);
  REQUIRE(n.ok());
  return *n;
}

/// The text of a result, or "error: ..." for a failure.
std::string text(const NumberResult& n) { return n ? n->to_string() : "error: " + n.error(); }

const std::string kBefore = "more than 100000 digits before the decimal point";
const std::string kAfter = "more than 100000 digits after the decimal point";
const std::string kTooLarge = "error: the result has " + kBefore;

}  // namespace

TEST_CASE("every literal form parses to its exact value") {
  CHECK(num("1").to_string() == "1");
  CHECK(num("1.5").to_string() == "1.5");
  CHECK(num("1e3").to_string() == "1000");
  CHECK(num("1E+3").to_string() == "1000");
  CHECK(num("1.5e-7").to_string() == "0.00000015");
  CHECK(num("12.50e1").to_string() == "125");
  CHECK(num(".5").to_string() == "0.5");
  CHECK(num("5.").to_string() == "5");
  CHECK(num("+5").to_string() == "5");
  CHECK(num("-0.0250").to_string() == "-0.025");
  CHECK(num("007").to_string() == "7");
  CHECK(num("9007199254740993").to_string() == "9007199254740993");
  CHECK(num("123456789012345678901234567890").to_string() == "123456789012345678901234567890");
  CHECK(num("1e400").to_string() == "1" + std::string(400, '0'));
  CHECK(num("1e-400").to_string() == "0." + std::string(399, '0') + "1");
  CHECK(num("0e999999999").to_string() == "0");  // zero at any exponent
}

TEST_CASE("text that is not a number, or beyond the limits, says so") {
  for (const char* bad : {"", ".", "-", "+", "e5", "1e", "1e+", "abc", " 5", "5 ", "1_000", "inf",
                          "NaN", "0x10", "1.2.3", "1e5.5", "--1", "1p4"}) {
    INFO(bad);
    NumberResult n = Number::parse(bad);
    REQUIRE_FALSE(n.ok());
    CHECK(n.error() == Number::kNotANumber);
  }
  CHECK(text(Number::parse("1e999999999")) == "error: " + kBefore);
  CHECK(text(Number::parse("1e99999999999999999999999999")) == "error: " + kBefore);
  CHECK(text(Number::parse("1e-999999999")) == "error: " + kAfter);
  CHECK(text(Number::parse("1" + std::string(100000, '0'))) == "error: " + kBefore);
  CHECK(text(Number::parse("0." + std::string(100000, '0') + "1")) == "error: " + kAfter);
  // Exactly at the limits.
  CHECK(Number::parse(std::string(100000, '9')).ok());
  CHECK(Number::parse("0." + std::string(99999, '0') + "1").ok());
  CHECK(Number::parse("1." + std::string(200000, '0')).ok());  // trailing zeros do not count
}

TEST_CASE("numbers have one canonical form: equal values are equal") {
  CHECK(num("1.0") == Number(1));
  CHECK(num("1.50") == num("1.5"));
  CHECK(num("-0") == Number(0));
  CHECK(num("-0").sign() == 0);
  CHECK(num("0.000") == Number());
  CHECK(num("100") == num("1e2"));
  CHECK(num("9223372036854775807") == Number(std::numeric_limits<std::int64_t>::max()));
  CHECK(num("18446744073709551615") == Number(std::numeric_limits<std::uint64_t>::max()));
  CHECK(num("1.5") != num("1.25"));
  CHECK(*num("0.1").add(num("0.2")) == num("0.3"));
  CHECK(*num("1e30").add(num("1")) == num("1000000000000000000000000000001"));
}

TEST_CASE("comparison orders numbers of any size and scale") {
  CHECK(Number(2) < Number(10));
  CHECK(num("-1.5") < num("-1.25"));
  CHECK(num("0.1") < num("0.11"));
  CHECK(num("-1e30") < Number(-1));
  CHECK(num("1e30") > Number(std::numeric_limits<std::int64_t>::max()));
  CHECK(num("1e-400") > Number());
  CHECK(num("-1e-400") < Number());
  CHECK(num("9007199254740993") > num("9007199254740992"));
  CHECK(num("2.5") >= num("2.50"));
  CHECK((num("7") <=> num("7.0")) == std::strong_ordering::equal);
}

TEST_CASE("conversions to machine numbers are exact or refused") {
  CHECK(num("-9223372036854775808").to_int64() == std::numeric_limits<std::int64_t>::min());
  CHECK_FALSE(num("9223372036854775808").to_int64());
  CHECK_FALSE(num("1.5").to_int64());
  CHECK(num("18446744073709551615").to_uint64() == std::numeric_limits<std::uint64_t>::max());
  CHECK_FALSE(num("18446744073709551616").to_uint64());
  CHECK_FALSE(num("-1").to_uint64());
  CHECK_FALSE(num("0.5").to_uint64());

  const auto max128 = num("340282366920938463463374607431768211455").to_int128();
  REQUIRE(max128);
  CHECK_FALSE(max128->first);
  CHECK(max128->second == ~static_cast<unsigned __int128>(0));
  const auto negative = num("-18446744073709551616").to_int128();
  REQUIRE(negative);
  CHECK(negative->first);
  CHECK(negative->second == static_cast<unsigned __int128>(1) << 64);
  CHECK(num("-5").to_int128()->second == 5);
  CHECK_FALSE(num("340282366920938463463374607431768211456").to_int128());
  CHECK_FALSE(num("0.5").to_int128());

  CHECK(num("0.1").to_double() == 0.1);
  CHECK(num("9007199254740993").to_double() == 9007199254740992.0);
  CHECK(num("1e400").to_double() == HUGE_VAL);
  CHECK(num("-1e400").to_double() == -HUGE_VAL);
  CHECK(num("1e-400").to_double() == 0.0);
}

TEST_CASE("doubles become the shortest decimal that reads back as them") {
  CHECK(Number::from_double(0.1)->to_string() == "0.1");
  CHECK(Number::from_double(0.1 + 0.2)->to_string() == "0.30000000000000004");
  CHECK(Number::from_double(1e20)->to_string() == "100000000000000000000");
  CHECK(Number::from_double(-0.0)->to_string() == "0");
  CHECK(Number::from_double(-2.5)->to_string() == "-2.5");
  CHECK(Number::from_double(5e-324)->to_string() == "0." + std::string(323, '0') + "5");
  CHECK(Number::from_double(1.7976931348623157e308)->to_string() ==
        "17976931348623157" + std::string(292, '0'));
  CHECK_FALSE(Number::from_double(HUGE_VAL));
  CHECK_FALSE(Number::from_double(std::nan("")));
}

TEST_CASE("digits for formatting") {
  const Number::Decimal d = num("-1234.5").decimal();
  CHECK(d.negative);
  CHECK(d.digits == "12345");
  CHECK(d.point == 4);
  CHECK(num("1200").decimal().digits == "12");
  CHECK(num("1200").decimal().point == 4);
  CHECK(num("0.00015").decimal().digits == "15");
  CHECK(num("0.00015").decimal().point == -3);
  CHECK(Number().decimal().digits.empty());
  CHECK(num("255").integer_digits(16) == "ff");
  CHECK(num("-5").integer_digits(2) == "101");
  CHECK(num("1e30").integer_digits(16) == "c9f2c9cd04674edea40000000");
  CHECK(num("-9223372036854775808").integer_digits(10) == "9223372036854775808");
  CHECK_FALSE(num("1.5").integer_digits(10));
}

TEST_CASE("add, subtract, multiply and negate are exact") {
  const Number max = Number(std::numeric_limits<std::int64_t>::max());
  const Number min = Number(std::numeric_limits<std::int64_t>::min());
  CHECK(text(max.add(Number(1))) == "9223372036854775808");
  CHECK(text(min.subtract(Number(1))) == "-9223372036854775809");
  CHECK(min.negate().to_string() == "9223372036854775808");
  CHECK(min.negate().negate() == min);
  CHECK(min.abs().to_string() == "9223372036854775808");
  CHECK(text(max.multiply(max)) == "85070591730234615847396907784232501249");
  CHECK(text(num("1e30").subtract(num("1e30"))) == "0");
  CHECK(text(num("0.1").multiply(num("0.2"))) == "0.02");
  CHECK(text(num("0.5").add(num("0.5"))) == "1");
  CHECK(text(num("1.25").subtract(num("0.25"))) == "1");
  CHECK(text(num("-2.5").multiply(num("-4"))) == "10");
  CHECK(text(num("123456789.123456789").multiply(num("1e-20"))) ==
        "0.00000000000123456789123456789");
  CHECK(num("-3.5").negate() == num("3.5"));
  CHECK(Number().negate() == Number());
}

TEST_CASE("results beyond the limits: too large is an error, too fine is rounded") {
  const Number largest = num(std::string(100000, '9'));
  CHECK(text(largest.add(Number(1))) == kTooLarge);
  CHECK(text(largest.multiply(Number(10))) == kTooLarge);
  CHECK(text(largest.negate().subtract(Number(1))) == kTooLarge);
  CHECK(text(num("1e-60000").multiply(num("1e-60000"))) == "0");
  // Digits beyond 100000 after the point are rounded half to even.
  const Number tiny = num("0." + std::string(99999, '0') + "1");
  CHECK(text(tiny.multiply(num("0.5"))) == "0");
  CHECK(text(tiny.multiply(num("1.5"))) == "0." + std::string(99999, '0') + "2");
  CHECK(text(tiny.multiply(num("0.51"))) == tiny.to_string());
}

TEST_CASE("division is exact when the quotient has a finite decimal form") {
  CHECK(text(Number(10).divide(Number(4))) == "2.5");
  CHECK(text(Number(-7).divide(Number(2))) == "-3.5");
  CHECK(text(Number(1).divide(Number(1024))) == "0.0009765625");
  CHECK(text(num("0.3").divide(num("0.1"))) == "3");
  CHECK(text(num("1e-5").divide(num("1e5"))) == "0.0000000001");
  CHECK(text(num("1e200").add(Number(1))->divide(Number(2))) ==
        "5" + std::string(199, '0') + ".5");
  CHECK(text(Number(std::numeric_limits<std::int64_t>::min()).divide(Number(-1))) ==
        "9223372036854775808");
  CHECK(text(Number(1).divide(Number())) == "error: division by zero");
  CHECK(text(num("1e99999").divide(num("0.01"))) == kTooLarge);
}

TEST_CASE("other quotients are rounded to 155 significant digits, half to even") {
  CHECK(text(Number(1).divide(Number(3))) == "0." + std::string(155, '3'));
  CHECK(text(Number(2).divide(Number(3))) == "0." + std::string(154, '6') + "7");
  CHECK(text(Number(-2).divide(Number(3))) == "-0." + std::string(154, '6') + "7");
  CHECK(text(Number(1000).divide(Number(3))) == "333." + std::string(152, '3'));
  std::string sevenths = "0.";
  for (int i = 0; i < 25; ++i) sevenths += "142857";
  CHECK(text(Number(1).divide(Number(7))) == sevenths + "14286");
  CHECK(text(num("1e300").divide(Number(3))) == std::string(155, '3') + std::string(145, '0'));
  // Very small quotients keep their significant digits down to the limit, then round.
  CHECK(text(num("1e-99990").divide(Number(3))) ==
        "0." + std::string(99990, '0') + std::string(10, '3'));
}

TEST_CASE("modulo is exact and takes the sign of the dividend") {
  CHECK(text(Number(-7).modulo(Number(3))) == "-1");
  CHECK(text(Number(7).modulo(Number(-3))) == "1");
  CHECK(text(num("-7.5").modulo(Number(2))) == "-1.5");
  CHECK(text(num("5.5").modulo(num("0.25"))) == "0");
  CHECK(text(num("1e30").modulo(Number(7))) == "1");
  CHECK(text(num("0.7").modulo(num("0.3"))) == "0.1");
  CHECK(text(Number(std::numeric_limits<std::int64_t>::min()).modulo(Number(-1))) == "0");
  CHECK(text(Number(1).modulo(Number())) == "error: modulo by zero");
}

TEST_CASE("floor and ceil") {
  CHECK(text(num("-1.5").floor()) == "-2");
  CHECK(text(num("-1.5").ceil()) == "-1");
  CHECK(text(num("4.1").ceil()) == "5");
  CHECK(text(num("4.9").floor()) == "4");
  CHECK(text(Number(7).floor()) == "7");
  CHECK(text(num("1e-99999").floor()) == "0");
  CHECK(text(num("1e-99999").ceil()) == "1");
  CHECK(text(num("-1e-99999").floor()) == "-1");
  CHECK(text(num("123456789012345678901234567890.5").floor()) ==
        "123456789012345678901234567890");
  CHECK(text(num("-123456789012345678901234567890.5").ceil()) ==
        "-123456789012345678901234567890");
  CHECK(text(num(std::string(100000, '9') + ".5").ceil()) == kTooLarge);
}

TEST_CASE("whole powers are exact") {
  CHECK(text(Number(2).pow(Number(100))) == "1267650600228229401496703205376");
  CHECK(text(Number(2).pow(Number(-10))) == "0.0009765625");
  CHECK(text(Number(-2).pow(Number(3))) == "-8");
  CHECK(text(Number(-2).pow(Number(-1))) == "-0.5");
  CHECK(text(num("1.1").pow(Number(3))) == "1.331");
  CHECK(text(Number(10).pow(Number(-3))) == "0.001");
  CHECK(text(Number(0).pow(Number(0))) == "1");
  CHECK(text(Number(0).pow(Number(5))) == "0");
  CHECK(text(Number(1).pow(num("1e300"))) == "1");
  CHECK(text(Number(-1).pow(num("1e300"))) == "1");
  CHECK(text(Number(-1).pow(*num("1e300").add(Number(1)))) == "-1");
  CHECK(text(Number(3).pow(Number(-1))) == "0." + std::string(155, '3'));
  CHECK(Number(10).pow(Number(99999))->to_string() == "1" + std::string(99999, '0'));
  CHECK(Number(10).pow(Number(-100000))->to_string() == "0." + std::string(99999, '0') + "1");
  CHECK(text(Number(10).pow(Number(-100001))) == "0");
  CHECK(text(num("0.1").pow(Number(-100000))) == kTooLarge);
}

TEST_CASE("fractional powers and logarithms round to 155 significant digits") {
  CHECK(text(Number(4).pow(num("0.5"))) == "2");
  CHECK(text(Number(2).pow(num("0.5"))) ==
        "1.414213562373095048801688724209698078569671875376948073176679737990732478462107038850"
        "3875343276415727350138462309122970249248360558507372126441214970999358");
  CHECK(text(Number(10).pow(num("0.5"))) ==
        "3.162277660168379331998893544432718533719555139325216826857504852792594438639238221344"
        "2481083793002951873472841528400551485488560304538800146905195967001539");
  CHECK(text(num("1.0001").pow(Number(100000))) ==
        "22015.4560485521986457014565816587155205976418271154117204693885701328336023219459155"
        "56055886897982109387018274686306926768917873642756986461353191504479486");
  CHECK(text(Number(8).log(Number(2))) == "3");
  CHECK(text(Number(1000).log(Number(10))) == "3");
  CHECK(text(num("0.001").log(Number(10))) == "-3");
  CHECK(text(Number(2).log(Number(4))) == "0.5");
  CHECK(text(Number(1).log(Number(10))) == "0");
  CHECK(text(num("1e99999").log(Number(10))) == "99999");
  CHECK(text(Number(2).pow(Number(1000))->log(Number(2))) == "1000");
  CHECK(text(Number(2).log(Number(10))) ==
        "0.301029995663981195213738894724493026768189881462108541310427461127108189274424509486"
        "92725211818617204068447719143099537909476788113352350599969233370469558");
  // Near 1 the logarithm keeps its significant digits.
  CHECK(text(num("1.0000000001").log(Number(10))) ==
        "0.0000000000434294481881537103557413975806950902153603387684726625081272539476315000799"
        "29780630834125730212899329351887689628664166446287468275580296005072272722290603");
}

TEST_CASE("powers and logarithms that have no finite value are errors") {
  CHECK(text(Number(0).pow(Number(-1))) ==
        "error: zero to a negative power is not a finite number");
  CHECK(text(Number(-8).pow(num("0.5"))) ==
        "error: a negative number to a fractional power is not a real number");
  CHECK(text(Number(10).pow(num("1e9"))) == kTooLarge);
  CHECK(text(Number(10).pow(Number(100000))) == kTooLarge);
  CHECK(text(Number(2).pow(num("1e30"))) == kTooLarge);
  CHECK(text(Number(2).pow(*num("1e30").add(num("0.5")))) == kTooLarge);
  CHECK(text(num("0.001").pow(Number(-40000))) == kTooLarge);
  CHECK(text(Number(0).log(Number(10))) == "error: the logarithm of zero is not a finite number");
  CHECK(text(Number(-1).log(Number(10))) == "error: a negative number has no logarithm");
  CHECK(text(Number(10).log(Number(0))) == "error: the base of a logarithm must be positive");
  CHECK(text(Number(10).log(Number(-2))) == "error: the base of a logarithm must be positive");
  CHECK(text(Number(10).log(Number(1))) == "error: there are no logarithms in base 1");
}

TEST_CASE("results too small for the limits round to zero") {
  CHECK(text(num("0.5").pow(num("1e9"))) == "0");
  CHECK(text(num("1.5").pow(num("-1e30"))) == "0");
}

TEST_CASE("huge inputs finish quickly") {
  const auto start = std::chrono::steady_clock::now();
  const Number big = *Number(7).pow(Number(118000));  // 99722 digits, exact
  CHECK(big.to_string().size() == 99722);
  CHECK(text(big.multiply(big)) == kTooLarge);
  CHECK(big.divide(Number(3))->to_string().size() == 99722);
  CHECK(text(big.log(Number(7))) == "118000");
  CHECK(text(Number(10).pow(num("1e999"))) == kTooLarge);
  CHECK(Number::parse_integer(std::string(300000, '1'), 2).ok());
  CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(20));
}

TEST_CASE("parse_integer reads bases 2 to 62 as Go's big.Int") {
  CHECK(text(Number::parse_integer("ff", 16)) == "255");
  CHECK(text(Number::parse_integer("FF", 16)) == "255");
  CHECK(text(Number::parse_integer("-101", 2)) == "-5");
  CHECK(text(Number::parse_integer("+17", 8)) == "15");
  CHECK(text(Number::parse_integer("zZ", 62)) == std::to_string(35 * 62 + 61));
  CHECK(text(Number::parse_integer("ffffffffffffffffffffffffffffffff", 16)) ==
        "340282366920938463463374607431768211455");
  CHECK(text(Number::parse_integer("000000000001", 10)) == "1");
  for (const auto& [digits, base] : std::vector<std::pair<std::string, int>>{
           {"", 10}, {"-", 10}, {"12", 2}, {"g", 16}, {"1.5", 10}, {" 1", 10}, {"1_0", 10}}) {
    INFO(digits);
    CHECK(text(Number::parse_integer(digits, base)) == "error: not a number");
  }
  CHECK(text(Number::parse_integer(std::string(100005, '9'), 10)) == "error: " + kBefore);
  CHECK(text(Number::parse_integer("1" + std::string(100000, '0'), 10)) == "error: " + kBefore);
}
