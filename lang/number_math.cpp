// Number::pow and Number::log. Whole powers that fit the limits are computed exactly;
// everything else goes through natural logarithms and exponentials computed with decimal
// floating point numbers of kWork significant digits (30 more than the kPrecision the
// result is rounded to), from the series of atanh and exp.
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <limits>

#include "lang/number.hpp"
#include "lang/number_detail.hpp"

namespace infra::lang {

using namespace number_detail;

namespace {

constexpr std::int64_t kWork = Number::kPrecision + 30;

/// An approximation c × 10^e rounded to kWork significant digits.
struct Approx {
  mpz_class c;
  std::int64_t e = 0;
};

Approx rounded(mpz_class c, std::int64_t e) {
  if (c == 0) return {};
  const std::int64_t extra = digit_count(c) - kWork;
  if (extra > 0) {
    c = round_div(c, pow10(extra));
    e += extra;
  }
  return {std::move(c), e};
}

Approx approx(long n) { return {mpz_class(n), 0}; }

Approx approx(const Number& n) {
  return rounded(NumberAccess::coefficient(n), -NumberAccess::scale(n));
}

/// The power of ten just above the leading digit: |a| < 10^top(a).
std::int64_t top(const Approx& a) { return digit_count(a.c) + a.e; }

Approx mul(const Approx& a, const Approx& b) { return rounded(a.c * b.c, a.e + b.e); }

Approx div(const Approx& a, const Approx& b) {
  mpz_class num = a.c, den = b.c;
  if (den < 0) {
    num = -num;
    den = -den;
  }
  Scaled q = quotient(num, den, a.e - b.e, kWork, std::numeric_limits<std::int64_t>::max() / 4);
  return {std::move(q.c), -q.scale};
}

Approx add(const Approx& a, const Approx& b) {
  if (a.c == 0) return b;
  if (b.c == 0) return a;
  // A term far below the other's last digit changes nothing.
  if (top(a) - top(b) > kWork + 2) return a;
  if (top(b) - top(a) > kWork + 2) return b;
  const std::int64_t e = std::min(a.e, b.e);
  return rounded(a.c * pow10(a.e - e) + b.c * pow10(b.e - e), e);
}

/// The nearest double, for range checks; ±infinity beyond the double's range.
double to_double(const Approx& a) {
  if (a.c == 0) return 0;
  const std::int64_t drop = std::max<std::int64_t>(digit_count(a.c) - 17, 0);
  const mpz_class lead = a.c / pow10(drop);
  const std::int64_t e = a.e + drop;
  if (e > 400) return a.c > 0 ? HUGE_VAL : -HUGE_VAL;
  if (e < -400) return 0;
  return lead.get_d() * std::pow(10.0, static_cast<double>(e));
}

/// floor(a) as a 64-bit integer; |a| must be far below 2^63.
std::int64_t floor_int(const Approx& a) {
  if (a.e >= 0) return mpz_class(a.c * pow10(a.e)).get_si();
  mpz_class q;
  mpz_fdiv_q(q.get_mpz_t(), a.c.get_mpz_t(), pow10(-a.e).get_mpz_t());
  return q.get_si();
}

/// 2·atanh(z) = ln((1 + z) / (1 - z)), by its series; |z| small.
Approx twice_atanh(const Approx& z) {
  const Approx z2 = mul(z, z);
  Approx term = z, sum = z;
  for (long k = 3; term.c != 0; k += 2) {
    term = mul(term, z2);
    const Approx t = div(term, approx(k));
    if (t.c == 0 || top(t) < top(sum) - kWork - 2) break;
    sum = add(sum, t);
  }
  return mul(sum, approx(2));
}

const Approx& ln2() {
  static const Approx value = twice_atanh(div(approx(1), approx(3)));  // ln(4/2)
  return value;
}

const Approx& ln10() {
  // ln 10 = 3 ln 2 + ln(5/4), and ln(5/4) = 2·atanh(1/9).
  static const Approx value = add(mul(approx(3), ln2()), twice_atanh(div(approx(1), approx(9))));
  return value;
}

/// ln(x) for x > 0.
Approx ln(const Number& x) {
  const mpz_class c = NumberAccess::coefficient(x);
  // x = m × 10^k with m within [1/√10, √10), so that ln m is small and x near 1 has k = 0;
  // m's leading digits tell which side of 1/√10 = 0.316227766016837933... it starts.
  const std::int64_t digits = digit_count(c);
  const mpz_class lead =
      digits > 20 ? mpz_class(c / pow10(digits - 20)) : mpz_class(c * pow10(20 - digits));
  const bool low = lead < mpz_class("31622776601683793320");
  const std::int64_t k = digits - NumberAccess::scale(x) - (low ? 1 : 0);
  // m = a / b exactly.
  const std::int64_t shift = NumberAccess::scale(x) + k;
  mpz_class a = shift >= 0 ? c : mpz_class(c * pow10(-shift));
  mpz_class b = shift >= 0 ? pow10(shift) : mpz_class(1);
  // t = m / 2^j within [0.63, 1.59), so that z = (t - 1) / (t + 1) is small.
  long j = 0;
  if (4 * a < 3 * b) {
    j = -1;
    a *= 2;
  } else if (2 * a >= 3 * b) {
    j = 1;
    b *= 2;
  }
  const Approx z = div({a - b, 0}, {a + b, 0});
  Approx sum = twice_atanh(z);
  if (j != 0) sum = add(sum, mul(approx(j), ln2()));
  if (k != 0) sum = add(sum, mul(approx(static_cast<long>(k)), ln10()));
  return sum;
}

/// a as a Number rounded to kPrecision significant digits.
NumberResult to_number(const Approx& a) {
  if (a.c == 0) return Number();
  Scaled q = quotient(a.c, mpz_class(1), a.e, Number::kPrecision, Number::kMaxDigits);
  return NumberAccess::make(std::move(q.c), q.scale);
}

/// ±e^l, rounded to kPrecision significant digits.
NumberResult exponential(const Approx& l, bool negative) {
  const double estimate = to_double(l);
  const double limit = (Number::kMaxDigits + 2) * 2.302585092994046;
  if (estimate > limit) return NumberResult::failure(too_large());
  if (estimate < -limit) return Number();  // finer than the limit: rounds to zero
  // e^l = e^r × 10^k with r = l - k·ln 10 within [0, ln 10).
  const std::int64_t k = floor_int(div(l, ln10()));
  const Approx r = add(l, mul(approx(static_cast<long>(-k)), ln10()));
  // e^r = (e^(r / 1024))^1024, and the series of e^s converges fast for s < 0.0023.
  const Approx s = mul(r, {mpz_class(9765625), -10});  // r / 1024
  Approx term = approx(1), sum = approx(1);
  for (long i = 1; term.c != 0; ++i) {
    term = div(mul(term, s), approx(i));
    if (term.c == 0 || top(term) < top(sum) - kWork - 2) break;
    sum = add(sum, term);
  }
  for (int i = 0; i < 10; ++i) sum = mul(sum, sum);
  sum.e += k;
  if (negative) sum.c = -sum.c;
  return to_number(sum);
}

/// An estimate of log10 |n| for n != 0, from its leading digits.
double log10_abs(const Number& n) {
  const Number::Decimal d = n.decimal();
  const double lead = std::strtod(("0." + d.digits.substr(0, 17)).c_str(), nullptr);
  return static_cast<double>(d.point) + std::log10(lead);
}

}  // namespace

NumberResult Number::pow(const Number& exponent) const {
  if (exponent.is_zero()) return Number(1);  // even 0^0, as in Terraform
  if (is_zero()) {
    if (exponent.sign() > 0) return Number();
    return NumberResult::failure("zero to a negative power is not a finite number");
  }
  if (sign() < 0 && !exponent.is_integer()) {
    return NumberResult::failure("a negative number to a fractional power is not a real number");
  }
  const bool negative =
      sign() < 0 && mpz_odd_p(NumberAccess::coefficient(exponent).get_mpz_t()) != 0;
  const Number base = abs();
  if (base == Number(1)) return negative ? Number(-1) : Number(1);

  const std::optional<std::int64_t> n = exponent.abs().to_int64();
  if (n) {
    // |result| ≈ 10^magnitude: too large is an error before any work.
    const double magnitude = static_cast<double>(*n) * log10_abs(base) * exponent.sign();
    if (magnitude > static_cast<double>(kMaxDigits) + 1) return NumberResult::failure(too_large());
    // Exact when the whole power fits the limits (on the coefficient, generously).
    const mpz_class c = NumberAccess::coefficient(base);
    const std::int64_t scale = NumberAccess::scale(base);
    if ((scale == 0 || *n <= kMaxDigits / scale) && *n <= 4 * kMaxDigits &&
        static_cast<double>(*n) * static_cast<double>(digit_count(c)) <= 3.0 * kMaxDigits) {
      mpz_class power;
      mpz_pow_ui(power.get_mpz_t(), c.get_mpz_t(), static_cast<unsigned long>(*n));
      if (negative) power = -power;
      if (exponent.sign() > 0) return NumberAccess::make(std::move(power), scale * *n);
      // x^-n = 1 / (power × 10^(-scale·n)), which may be fine where power is not.
      return number_detail::divide(mpz_class(1), std::move(power), scale * *n);
    }
  }
  return exponential(mul(approx(exponent), ln(base)), negative);
}

NumberResult Number::log(const Number& base) const {
  if (sign() <= 0) {
    return NumberResult::failure(is_zero() ? "the logarithm of zero is not a finite number"
                                           : "a negative number has no logarithm");
  }
  if (base.sign() <= 0) return NumberResult::failure("the base of a logarithm must be positive");
  if (base == Number(1)) return NumberResult::failure("there are no logarithms in base 1");
  if (*this == Number(1)) return Number();
  return to_number(div(ln(*this), ln(base)));
}

}  // namespace infra::lang
