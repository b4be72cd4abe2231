// Number: the language's numbers, exact decimals as HCL treats them. Integers of any size
// and decimal fractions are exact; addition, subtraction, multiplication, comparison and
// `%` are exact; division, `pow` and `log` round where the exact result has no finite
// decimal form. Small integers, the common case, live inline without allocation.
#pragma once

#include <compare>
#include <concepts>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <variant>

namespace infra::lang {

class NumberResult;

/// An exact decimal number: an integer coefficient times 10^-scale.
///
/// Every number is kept in one canonical form (the smallest scale; zero has no sign), so
/// that equal numbers have equal representations. A number has at most kMaxDigits digits
/// before the decimal point and kMaxDigits after it: results beyond the first limit are
/// errors, finer results are rounded to the second.
class Number {
 public:
  /// The most digits a number has on either side of the decimal point.
  static constexpr std::int64_t kMaxDigits = 100000;
  /// The significant digits that a quotient without a finite decimal form, a root or a
  /// logarithm is rounded to (half to even): about the precision of the 512-bit binary
  /// floating point numbers Terraform computes with, so that 1/3 prints alike.
  static constexpr int kPrecision = 155;

  /// Zero.
  Number() = default;
  /// An integer.
  template <std::integral T>
    requires(!std::same_as<T, bool>)
  explicit Number(T n) {
    if constexpr (std::is_signed_v<T> || sizeof(T) < sizeof(std::int64_t)) {
      small_ = static_cast<std::int64_t>(n);
    } else {
      *this = from_unsigned(static_cast<std::uint64_t>(n));
    }
  }
  /// The decimal number that prints as the shortest form of `d` that reads back as `d`
  /// (0.1 for the double nearest 0.1); nullopt for infinities and NaN.
  static std::optional<Number> from_double(double d);
  /// Reads `[+-]digits[.digits][(e|E)[+-]digits]` (either side of the point may be empty,
  /// not both). The error is kNotANumber, or what is beyond the limits ("more than 100000
  /// digits before the decimal point").
  static NumberResult parse(std::string_view text);
  static constexpr std::string_view kNotANumber = "not a number";
  /// Reads an optionally signed whole number in `base` (2 to 62) as Go's big.Int does:
  /// letters are digits from 10 on, in any case up to base 36; beyond it `a`-`z` are 10 to
  /// 35 and `A`-`Z` 36 to 61. The error is kNotANumber or says that it is too large.
  static NumberResult parse_integer(std::string_view text, int base);

  bool is_zero() const { return !big_ && small_ == 0; }
  /// -1, 0 or 1.
  int sign() const;
  bool is_integer() const { return scale_ == 0; }

  /// The value when it is a whole number within the type's range.
  std::optional<std::int64_t> to_int64() const;
  std::optional<std::uint64_t> to_uint64() const;
  /// The sign and magnitude when the value is a whole number of at most 128 bits.
  std::optional<std::pair<bool, unsigned __int128>> to_int128() const;
  /// The nearest double; ±infinity or ±0 beyond the double's range.
  double to_double() const;

  /// The language's form: an integer without a fraction or exponent, a fraction in its
  /// shortest exact decimal form without an exponent (`-0.00015`), as Terraform prints.
  std::string to_string() const;

  /// The digits of a number, for formatting: the value is 0.DIGITS × 10^point.
  struct Decimal {
    bool negative = false;
    std::string digits;  // no leading or trailing zeros; empty for zero
    std::int64_t point = 0;
  };
  Decimal decimal() const;
  /// The digits of |value| in `base` (2 to 36, lower case) when it is a whole number.
  std::optional<std::string> integer_digits(int base) const;

  Number negate() const;
  Number abs() const;
  NumberResult add(const Number& b) const;
  NumberResult subtract(const Number& b) const;
  NumberResult multiply(const Number& b) const;
  /// Exact when the quotient has a finite decimal form within the limits; otherwise
  /// rounded to kPrecision significant digits. Dividing by zero is an error.
  NumberResult divide(const Number& b) const;
  /// The remainder of the division truncated toward zero, which has the sign of the
  /// dividend (-7 % 3 is -1), as in Terraform; exact. By zero is an error.
  NumberResult modulo(const Number& b) const;
  NumberResult floor() const;
  NumberResult ceil() const;
  /// this^exponent: exact for whole exponents when the result fits the limits, rounded to
  /// kPrecision significant digits otherwise.
  NumberResult pow(const Number& exponent) const;
  /// The logarithm in `base`, rounded to kPrecision significant digits (exact when whole).
  NumberResult log(const Number& base) const;

  friend bool operator==(const Number& a, const Number& b);
  friend std::strong_ordering operator<=>(const Number& a, const Number& b);

 private:
  friend struct NumberAccess;  // number.cpp's view of the representation
  struct Big;                  // a coefficient beyond 64 bits (number.cpp)

  static Number from_unsigned(std::uint64_t n);

  std::int64_t small_ = 0;  // the coefficient, when big_ is null
  std::int32_t scale_ = 0;  // value = coefficient × 10^-scale_; 0 <= scale_ <= kMaxDigits
  std::shared_ptr<const Big> big_;
};

/// A number, or the message that says why an operation has none ("division by zero").
class NumberResult {
 public:
  NumberResult(Number n) : v_(std::move(n)) {}  // NOLINT: implicit, so `return n;` works
  static NumberResult failure(std::string message) {
    NumberResult r{Number()};
    r.v_ = std::move(message);
    return r;
  }

  bool ok() const { return v_.index() == 0; }
  explicit operator bool() const { return ok(); }
  const Number& operator*() const { return std::get<Number>(v_); }
  const Number* operator->() const { return &std::get<Number>(v_); }
  const std::string& error() const { return std::get<std::string>(v_); }

 private:
  std::variant<Number, std::string> v_;
};

}  // namespace infra::lang
