// Internal to lang/: the GMP view of a Number that number.cpp (representation, parsing,
// exact arithmetic) and number_math.cpp (pow and log) share. Keeps gmpxx.h out of
// lang/number.hpp.
#pragma once

#include <gmpxx.h>

#include <cstdint>
#include <string>

#include "lang/number.hpp"

namespace infra::lang {

struct Number::Big {
  mpz_class coefficient;
};

/// Number's representation as one GMP integer and a scale, and back.
struct NumberAccess {
  static mpz_class coefficient(const Number& n);
  static std::int64_t scale(const Number& n) { return n.scale_; }
  /// c × 10^-scale (any scale) in canonical form. Digits beyond kMaxDigits after the point
  /// are rounded off (half to even); more than kMaxDigits before it is an error.
  static NumberResult make(mpz_class c, std::int64_t scale);
  /// c × 10^-scale for a 64-bit c and 0 <= scale <= kMaxDigits, canonical without GMP.
  static Number small(std::int64_t c, std::int64_t scale);
};

namespace number_detail {

/// 10^k, k >= 0.
mpz_class pow10(std::int64_t k);
/// The number of decimal digits of |x|; x != 0.
std::int64_t digit_count(const mpz_class& x);
/// num / den rounded to the nearest integer, ties to even; den > 0.
mpz_class round_div(const mpz_class& num, const mpz_class& den);

/// An integer coefficient and a scale: c × 10^-scale.
struct Scaled {
  mpz_class c;
  std::int64_t scale = 0;
};
/// num / den × 10^shift rounded (half to even) to `digits` significant digits, and to no
/// more than `max_scale` digits after the point; den > 0.
Scaled quotient(const mpz_class& num, const mpz_class& den, std::int64_t shift,
                std::int64_t digits, std::int64_t max_scale);

/// num / den × 10^shift (den != 0): exact when it has a finite decimal form within the
/// limits, else rounded to kPrecision significant digits.
NumberResult divide(mpz_class num, mpz_class den, std::int64_t shift);

/// "more than 100000 digits before the decimal point", with `side` "before" or "after".
std::string too_many_digits(const char* side);
/// "the result has more than 100000 digits before the decimal point"
std::string too_large();

}  // namespace number_detail
}  // namespace infra::lang
