// Number: the canonical representation, reading and writing decimal text, and the exact
// operations. Integers that fit 64 bits take a fast path without GMP; everything else is
// a GMP integer coefficient with a decimal scale.
#include "lang/number.hpp"

#include <algorithm>
#include <array>
#include <charconv>
#include <cmath>
#include <cstdlib>
#include <limits>
#include <utility>

#include "lang/number_detail.hpp"

static_assert(sizeof(long) == sizeof(std::int64_t), "GMP's si functions take 64-bit longs");
static_assert(GMP_LIMB_BITS == 64, "to_int128 reads two 64-bit limbs");

namespace infra::lang {

using namespace number_detail;

namespace number_detail {

mpz_class pow10(std::int64_t k) {
  static const std::array<mpz_class, 40> kSmall = [] {
    std::array<mpz_class, 40> powers;
    powers[0] = 1;
    for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
    return powers;
  }();
  if (k < static_cast<std::int64_t>(kSmall.size())) return kSmall[static_cast<std::size_t>(k)];
  // Loops over numbers of one shape (range, sum) ask for the same large powers again.
  thread_local std::array<std::pair<std::int64_t, mpz_class>, 4> recent;
  thread_local std::size_t next = 0;
  for (const auto& [power, value] : recent) {
    if (power == k) return value;
  }
  mpz_class out;
  mpz_ui_pow_ui(out.get_mpz_t(), 10, static_cast<unsigned long>(k));
  recent[next] = {k, out};
  next = (next + 1) % recent.size();
  return out;
}

std::int64_t digit_count(const mpz_class& x) {
  // mpz_sizeinbase is exact or one too large.
  const auto n = static_cast<std::int64_t>(mpz_sizeinbase(x.get_mpz_t(), 10));
  if (n > 1 && mpz_cmpabs(x.get_mpz_t(), pow10(n - 1).get_mpz_t()) < 0) return n - 1;
  return n;
}

mpz_class round_div(const mpz_class& num, const mpz_class& den) {
  mpz_class q, r;
  mpz_tdiv_qr(q.get_mpz_t(), r.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
  if (r == 0) return q;
  const mpz_class twice = abs(r) * 2;
  const int c = cmp(twice, den);
  if (c > 0 || (c == 0 && mpz_odd_p(q.get_mpz_t()))) q += sgn(num);
  return q;
}

Scaled quotient(const mpz_class& num, const mpz_class& den, std::int64_t shift,
                std::int64_t digits, std::int64_t max_scale) {
  if (num == 0) return {};
  // 10^e <= |num| / den < 10^(e + 1), found from the digit counts and one comparison.
  std::int64_t e = digit_count(num) - digit_count(den);
  const mpz_class scaled_num = e >= 0 ? num : mpz_class(num * pow10(-e));
  const mpz_class scaled_den = e >= 0 ? mpz_class(den * pow10(e)) : den;
  const bool at_least = mpz_cmpabs(scaled_num.get_mpz_t(), scaled_den.get_mpz_t()) >= 0;
  if (!at_least) --e;
  e += shift;
  const std::int64_t scale = std::min(digits - 1 - e, max_scale);
  const std::int64_t k = scale + shift;  // the result's coefficient is num × 10^k / den
  return {k >= 0 ? round_div(num * pow10(k), den) : round_div(num, den * pow10(-k)), scale};
}

std::string too_many_digits(const char* side) {
  return "more than " + std::to_string(Number::kMaxDigits) + " digits " + side +
         " the decimal point";
}

std::string too_large() { return "the result has " + too_many_digits("before"); }

}  // namespace number_detail

namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

constexpr std::array<std::int64_t, 19> kSmallPowers = [] {
  std::array<std::int64_t, 19> powers{};
  powers[0] = 1;
  for (std::size_t i = 1; i < powers.size(); ++i) powers[i] = powers[i - 1] * 10;
  return powers;
}();

/// The digits of |n| in `base`, for a 64-bit n.
std::string small_digits(std::int64_t n, int base) {
  std::uint64_t m = n < 0 ? 0 - static_cast<std::uint64_t>(n) : static_cast<std::uint64_t>(n);
  char buf[65];
  const auto r = std::to_chars(buf, buf + sizeof buf, m, base);
  return std::string(buf, r.ptr);
}

/// The digits of |c| in `base`.
std::string big_digits(const mpz_class& c, int base) {
  const mpz_class magnitude = abs(c);
  return magnitude.get_str(base);
}

}  // namespace

mpz_class NumberAccess::coefficient(const Number& n) {
  if (n.big_) return n.big_->coefficient;
  return mpz_class(static_cast<long>(n.small_));
}

NumberResult NumberAccess::make(mpz_class c, std::int64_t scale) {
  if (c == 0) return Number();
  if (scale < 0) {
    if (static_cast<std::int64_t>(mpz_sizeinbase(c.get_mpz_t(), 10)) - 1 - scale >
        Number::kMaxDigits) {
      return NumberResult::failure(too_large());
    }
    c *= pow10(-scale);
    scale = 0;
  } else if (scale > 0 && mpz_divisible_ui_p(c.get_mpz_t(), 10)) {
    // The canonical form has no trailing zeros after the point.
    mpz_class stripped;
    const mpz_class ten = 10;
    const auto zeros = static_cast<std::int64_t>(
        mpz_remove(stripped.get_mpz_t(), c.get_mpz_t(), ten.get_mpz_t()));
    if (zeros >= scale) {
      c = stripped * pow10(zeros - scale);
      scale = 0;
    } else {
      c = stripped;
      scale -= zeros;
    }
  }
  if (scale > Number::kMaxDigits) {
    return make(round_div(c, pow10(scale - Number::kMaxDigits)), Number::kMaxDigits);
  }
  const auto size = static_cast<std::int64_t>(mpz_sizeinbase(c.get_mpz_t(), 10));
  if (size - 1 - scale > Number::kMaxDigits ||
      (size - scale > Number::kMaxDigits &&
       mpz_cmpabs(c.get_mpz_t(), pow10(Number::kMaxDigits + scale).get_mpz_t()) >= 0)) {
    return NumberResult::failure(too_large());
  }
  Number n;
  n.scale_ = static_cast<std::int32_t>(scale);
  if (mpz_fits_slong_p(c.get_mpz_t())) {
    n.small_ = c.get_si();
  } else {
    n.big_ = std::make_shared<const Number::Big>(Number::Big{std::move(c)});
  }
  return n;
}

Number NumberAccess::small(std::int64_t c, std::int64_t scale) {
  while (scale > 0 && c % 10 == 0) {
    c /= 10;
    --scale;
  }
  Number n;
  n.small_ = c;
  n.scale_ = c == 0 ? 0 : static_cast<std::int32_t>(scale);
  return n;
}

Number Number::from_unsigned(std::uint64_t n) {
  if (n <= static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())) {
    return Number(static_cast<std::int64_t>(n));
  }
  mpz_class c;
  mpz_set_ui(c.get_mpz_t(), static_cast<unsigned long>(n));
  return *NumberAccess::make(std::move(c), 0);
}

std::optional<Number> Number::from_double(double d) {
  if (!std::isfinite(d)) return std::nullopt;
  if (d == std::trunc(d) && std::fabs(d) < 9.2e18) return Number(static_cast<std::int64_t>(d));
  char buf[32];
  const auto r = std::to_chars(buf, buf + sizeof buf, d);  // the shortest form that reads back
  NumberResult n = parse(std::string_view(buf, static_cast<std::size_t>(r.ptr - buf)));
  return *n;  // a finite double is always within the limits
}

NumberResult Number::parse(std::string_view text) {
  const auto not_a_number = [] { return NumberResult::failure(std::string(kNotANumber)); };
  std::size_t i = 0;
  bool negative = false;
  if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative = text[i++] == '-';
  const std::size_t whole_begin = i;
  while (i < text.size() && is_digit(text[i])) ++i;
  const std::string_view whole = text.substr(whole_begin, i - whole_begin);
  std::string_view fraction;
  if (i < text.size() && text[i] == '.') {
    const std::size_t begin = ++i;
    while (i < text.size() && is_digit(text[i])) ++i;
    fraction = text.substr(begin, i - begin);
  }
  if (whole.empty() && fraction.empty()) return not_a_number();
  std::int64_t exponent = 0;
  if (i < text.size() && (text[i] == 'e' || text[i] == 'E')) {
    ++i;
    bool negative_exponent = false;
    if (i < text.size() && (text[i] == '+' || text[i] == '-')) negative_exponent = text[i++] == '-';
    const std::size_t begin = i;
    for (; i < text.size() && is_digit(text[i]); ++i) {
      // Saturates far beyond any exponent a number within the limits can have.
      if (exponent < 1000000000000000) exponent = exponent * 10 + (text[i] - '0');
    }
    if (i == begin) return not_a_number();
    if (negative_exponent) exponent = -exponent;
  }
  if (i != text.size()) return not_a_number();

  // value = digits × 10^-scale, digits without leading or trailing zeros.
  std::string digits;
  digits.reserve(whole.size() + fraction.size());
  digits.append(whole).append(fraction);
  const std::size_t first = digits.find_first_not_of('0');
  if (first == std::string::npos) return Number();
  const std::size_t last = digits.find_last_not_of('0');
  std::int64_t scale = static_cast<std::int64_t>(fraction.size()) - exponent -
                       static_cast<std::int64_t>(digits.size() - 1 - last);
  digits = digits.substr(first, last + 1 - first);
  const auto count = static_cast<std::int64_t>(digits.size());
  if (count - scale > kMaxDigits) {
    return NumberResult::failure(too_many_digits("before"));
  }
  if (scale > kMaxDigits) {
    return NumberResult::failure(too_many_digits("after"));
  }
  if (count - std::min<std::int64_t>(scale, 0) <= 18) {
    std::int64_t c = 0;
    std::from_chars(digits.data(), digits.data() + digits.size(), c);
    if (scale < 0) c *= kSmallPowers[static_cast<std::size_t>(-scale)];
    return NumberAccess::small(negative ? -c : c, std::max<std::int64_t>(scale, 0));
  }
  mpz_class c(digits, 10);
  if (negative) c = -c;
  return NumberAccess::make(std::move(c), scale);
}

NumberResult Number::parse_integer(std::string_view text, int base) {
  const bool negative = text.starts_with('-');
  if (negative || text.starts_with('+')) text.remove_prefix(1);
  // GMP reads upper case as 10 to 35 beyond base 36, where Go reads lower case.
  std::string digits(text);
  for (char& c : digits) {
    const bool letter = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
    int value = -1;
    if (c >= '0' && c <= '9') value = c - '0';
    if (c >= 'a' && c <= 'z') value = c - 'a' + 10;
    if (c >= 'A' && c <= 'Z') value = c - 'A' + (base <= 36 ? 10 : 36);
    if (value < 0 || value >= base) return NumberResult::failure(std::string(kNotANumber));
    if (letter && base > 36) c = static_cast<char>(c ^ 0x20);
  }
  if (digits.empty()) return NumberResult::failure(std::string(kNotANumber));
  digits.erase(0, std::min(digits.find_first_not_of('0'), digits.size() - 1));
  // base^size <= 62^size bounds the value: refuse what could not fit before reading it.
  if (static_cast<double>(digits.size()) * std::log10(static_cast<double>(base)) >
      static_cast<double>(kMaxDigits) + 1) {
    return NumberResult::failure(too_many_digits("before"));
  }
  mpz_class c(digits, base);
  if (negative) c = -c;
  NumberResult n = NumberAccess::make(std::move(c), 0);
  if (!n) return NumberResult::failure(too_many_digits("before"));
  return n;
}

int Number::sign() const {
  if (big_) return mpz_sgn(big_->coefficient.get_mpz_t());
  return (small_ > 0) - (small_ < 0);
}

std::optional<std::int64_t> Number::to_int64() const {
  if (scale_ != 0 || big_) return std::nullopt;
  return small_;
}

std::optional<std::uint64_t> Number::to_uint64() const {
  if (scale_ != 0 || sign() < 0) return std::nullopt;
  if (!big_) return static_cast<std::uint64_t>(small_);
  if (!mpz_fits_ulong_p(big_->coefficient.get_mpz_t())) return std::nullopt;
  return mpz_get_ui(big_->coefficient.get_mpz_t());
}

std::optional<std::pair<bool, unsigned __int128>> Number::to_int128() const {
  if (scale_ != 0) return std::nullopt;
  const bool negative = sign() < 0;
  if (!big_) {
    const std::uint64_t m =
        negative ? 0 - static_cast<std::uint64_t>(small_) : static_cast<std::uint64_t>(small_);
    return std::pair(negative, static_cast<unsigned __int128>(m));
  }
  const mpz_srcptr c = big_->coefficient.get_mpz_t();
  if (mpz_sizeinbase(c, 2) > 128) return std::nullopt;
  const auto low = static_cast<unsigned __int128>(mpz_getlimbn(c, 0));
  const auto high = static_cast<unsigned __int128>(mpz_size(c) > 1 ? mpz_getlimbn(c, 1) : 0);
  return std::pair(negative, (high << 64) | low);
}

double Number::to_double() const {
  if (!big_ && scale_ == 0) return static_cast<double>(small_);
  // strtod rounds correctly, and to infinity or zero beyond the double's range.
  return std::strtod(to_string().c_str(), nullptr);
}

std::optional<std::string> Number::integer_digits(int base) const {
  if (scale_ != 0) return std::nullopt;
  if (!big_) return small_digits(small_, base);
  return big_digits(big_->coefficient, base);
}

std::string Number::to_string() const {
  std::string digits = big_ ? big_digits(big_->coefficient, 10) : small_digits(small_, 10);
  std::string out = sign() < 0 ? "-" : "";
  if (scale_ == 0) return out + digits;
  const auto scale = static_cast<std::size_t>(scale_);
  if (digits.size() <= scale) {
    out += "0.";
    out.append(scale - digits.size(), '0');
    return out + digits;
  }
  out.append(digits, 0, digits.size() - scale);
  out += '.';
  return out.append(digits, digits.size() - scale, scale);
}

Number::Decimal Number::decimal() const {
  Decimal d;
  if (is_zero()) return d;
  d.negative = sign() < 0;
  d.digits = big_ ? big_digits(big_->coefficient, 10) : small_digits(small_, 10);
  d.point = static_cast<std::int64_t>(d.digits.size()) - scale_;
  d.digits.erase(d.digits.find_last_not_of('0') + 1);
  return d;
}

Number Number::negate() const {
  if (!big_ && small_ != std::numeric_limits<std::int64_t>::min()) {
    Number n = *this;
    n.small_ = -small_;
    return n;
  }
  return *NumberAccess::make(-NumberAccess::coefficient(*this), scale_);
}

Number Number::abs() const { return sign() < 0 ? negate() : *this; }

NumberResult Number::add(const Number& b) const {
  std::int64_t sum = 0;
  if (!big_ && !b.big_ && scale_ == b.scale_ && !__builtin_add_overflow(small_, b.small_, &sum)) {
    if (scale_ == 0) return Number(sum);
    return NumberAccess::small(sum, scale_);
  }
  const std::int64_t scale = std::max(scale_, b.scale_);
  return NumberAccess::make(NumberAccess::coefficient(*this) * pow10(scale - scale_) +
                                NumberAccess::coefficient(b) * pow10(scale - b.scale_),
                            scale);
}

NumberResult Number::subtract(const Number& b) const { return add(b.negate()); }

NumberResult Number::multiply(const Number& b) const {
  std::int64_t product = 0;
  if (!big_ && !b.big_ && !__builtin_mul_overflow(small_, b.small_, &product)) {
    if (scale_ == 0 && b.scale_ == 0) return Number(product);
    if (scale_ + b.scale_ <= kMaxDigits) return NumberAccess::small(product, scale_ + b.scale_);
  }
  return NumberAccess::make(NumberAccess::coefficient(*this) * NumberAccess::coefficient(b),
                            std::int64_t{scale_} + b.scale_);
}

NumberResult Number::divide(const Number& b) const {
  if (b.is_zero()) return NumberResult::failure("division by zero");
  if (!big_ && !b.big_ && scale_ == 0 && b.scale_ == 0 && b.small_ != -1 &&
      small_ % b.small_ == 0) {
    return Number(small_ / b.small_);
  }
  // this / b = num / den × 10^shift.
  return number_detail::divide(NumberAccess::coefficient(*this), NumberAccess::coefficient(b),
                               std::int64_t{b.scale_} - scale_);
}

NumberResult number_detail::divide(mpz_class num, mpz_class den, std::int64_t shift) {
  if (den < 0) {
    den = -den;
    num = -num;
  }
  mpz_class common;
  mpz_gcd(common.get_mpz_t(), num.get_mpz_t(), den.get_mpz_t());
  num /= common;
  den /= common;
  // In lowest terms, the quotient has a finite decimal form when den = 2^twos × 5^fives.
  mpz_class rest;
  const mpz_class two = 2, five = 5;
  const auto twos = static_cast<std::int64_t>(
      mpz_remove(rest.get_mpz_t(), den.get_mpz_t(), two.get_mpz_t()));
  const auto fives = static_cast<std::int64_t>(
      mpz_remove(rest.get_mpz_t(), rest.get_mpz_t(), five.get_mpz_t()));
  const std::int64_t places = std::max(twos, fives);
  if (rest == 1 && places - shift <= Number::kMaxDigits) {
    mpz_class twos_missing, fives_missing;
    mpz_ui_pow_ui(twos_missing.get_mpz_t(), 2, static_cast<unsigned long>(places - twos));
    mpz_ui_pow_ui(fives_missing.get_mpz_t(), 5, static_cast<unsigned long>(places - fives));
    return NumberAccess::make(num * twos_missing * fives_missing, places - shift);
  }
  Scaled q = quotient(num, den, shift, Number::kPrecision, Number::kMaxDigits);
  return NumberAccess::make(std::move(q.c), q.scale);
}

NumberResult Number::modulo(const Number& b) const {
  if (b.is_zero()) return NumberResult::failure("modulo by zero");
  if (!big_ && !b.big_ && scale_ == b.scale_) {
    if (b.small_ == -1) return Number();  // and INT64_MIN % -1 would overflow
    return NumberAccess::small(small_ % b.small_, scale_);
  }
  const std::int64_t scale = std::max(scale_, b.scale_);
  const mpz_class dividend = NumberAccess::coefficient(*this) * pow10(scale - scale_);
  const mpz_class divisor = NumberAccess::coefficient(b) * pow10(scale - b.scale_);
  mpz_class r;
  mpz_tdiv_r(r.get_mpz_t(), dividend.get_mpz_t(), divisor.get_mpz_t());
  return NumberAccess::make(std::move(r), scale);
}

NumberResult Number::floor() const {
  if (scale_ == 0) return *this;
  if (!big_ && scale_ < static_cast<std::int32_t>(kSmallPowers.size())) {
    const std::int64_t p = kSmallPowers[static_cast<std::size_t>(scale_)];
    return Number(small_ / p - (small_ % p < 0 ? 1 : 0));
  }
  mpz_class q;
  mpz_fdiv_q(q.get_mpz_t(), NumberAccess::coefficient(*this).get_mpz_t(),
             pow10(scale_).get_mpz_t());
  return NumberAccess::make(std::move(q), 0);
}

NumberResult Number::ceil() const {
  NumberResult down = negate().floor();
  if (!down) return down;
  return down->negate();
}

bool operator==(const Number& a, const Number& b) {
  if (a.scale_ != b.scale_ || !a.big_ != !b.big_) return false;
  if (!a.big_) return a.small_ == b.small_;
  return a.big_->coefficient == b.big_->coefficient;
}

std::strong_ordering operator<=>(const Number& a, const Number& b) {
  if (!a.big_ && !b.big_ && a.scale_ == b.scale_) return a.small_ <=> b.small_;
  const int sa = a.sign(), sb = b.sign();
  if (sa != sb || sa == 0) return sa <=> sb;
  // Leading digits two or more places apart decide without aligning the coefficients.
  const mpz_class ca = NumberAccess::coefficient(a), cb = NumberAccess::coefficient(b);
  const auto top_a = static_cast<std::int64_t>(mpz_sizeinbase(ca.get_mpz_t(), 10)) - a.scale_;
  const auto top_b = static_cast<std::int64_t>(mpz_sizeinbase(cb.get_mpz_t(), 10)) - b.scale_;
  if (top_a - top_b >= 2) return sa <=> 0;  // mpz_sizeinbase may count one digit too many
  if (top_b - top_a >= 2) return 0 <=> sa;
  const std::int32_t scale = std::max(a.scale_, b.scale_);
  const int c = cmp(ca * pow10(scale - a.scale_), cb * pow10(scale - b.scale_));
  return c <=> 0;
}

}  // namespace infra::lang
