// Network functions: CIDR prefixes of IPv4 and IPv6 addresses. An address is held as a
// 128-bit number with its width (32 or 128 bits), so one code path serves both families.
#include <arpa/inet.h>

#include "stdlib/args.hpp"
#include "stdlib/groups.hpp"

namespace infra::stdlib {

using lang::Value;

namespace {

using U128 = unsigned __int128;

struct Address {
  U128 bits = 0;
  int width = 32;  // 32 for IPv4, 128 for IPv6
};

struct Prefix {
  Address address;  // the network address: host bits cleared
  int length = 0;
};

std::optional<Address> parse_address(const std::string& text) {
  unsigned char bytes[16];
  Address a;
  if (inet_pton(AF_INET, text.c_str(), bytes) == 1) {
    a.width = 32;
  } else if (inet_pton(AF_INET6, text.c_str(), bytes) == 1) {
    a.width = 128;
  } else {
    return std::nullopt;
  }
  for (int i = 0; i < a.width / 8; ++i) a.bits = (a.bits << 8) | bytes[i];
  return a;
}

std::string format_address(const Address& a) {
  unsigned char bytes[16];
  const int n = a.width / 8;
  for (int i = 0; i < n; ++i) bytes[i] = static_cast<unsigned char>(a.bits >> (8 * (n - 1 - i)));
  char out[INET6_ADDRSTRLEN];
  inet_ntop(a.width == 32 ? AF_INET : AF_INET6, bytes, out, sizeof out);
  return out;
}

/// The bits of a prefix of `length` within `width`.
U128 mask(int length, int width) {
  if (length == 0) return 0;
  const U128 all = width == 128 ? ~U128(0) : (U128(1) << width) - 1;
  return all & ~((U128(1) << (width - length)) - 1);
}

std::optional<Prefix> parse_prefix(Args& args, std::size_t i) {
  auto text = args.string(i);
  if (!text) return std::nullopt;
  const std::size_t slash = text->find('/');
  std::optional<Address> a;
  int length = -1;
  if (slash != std::string::npos) {
    a = parse_address(text->substr(0, slash));
    const std::string digits = text->substr(slash + 1);
    if (!digits.empty() && digits.size() <= 3 &&
        digits.find_first_not_of("0123456789") == std::string::npos) {
      length = std::stoi(digits);
    }
  }
  if (!a || length < 0 || length > a->width) {
    args.fail("invalid CIDR address \"" + *text + "\"");
    return std::nullopt;
  }
  a->bits &= mask(length, a->width);
  return Prefix{*a, length};
}

std::string format_prefix(const Prefix& p) {
  return format_address(p.address) + "/" + std::to_string(p.length);
}

/// 2^n as a bound, saturating at the top of the 128-bit range.
U128 power_of_two(int n) { return n >= 128 ? ~U128(0) : U128(1) << n; }

/// A whole number argument of up to 128 bits (an IPv6 host or network number).
struct Wide {
  lang::Number number;
  bool negative = false;
  U128 magnitude = 0;
};

std::optional<Wide> wide_integer(Args& args, std::size_t i) {
  auto n = args.number(i);
  if (!n) return std::nullopt;
  if (auto parts = n->to_int128()) return Wide{*n, parts->first, parts->second};
  args.fail("argument " + std::to_string(i + 1) + " must be a whole number" +
            (n->is_integer() ? " within 128 bits" : "") + ", got " + lang::format_number(*n));
  return std::nullopt;
}

Value cidrhost(Args& args) {
  auto prefix = parse_prefix(args, 0);
  if (!prefix) return {};
  auto host = wide_integer(args, 1);
  if (!host) return {};
  const int host_bits = prefix->address.width - prefix->length;
  const U128 hosts = power_of_two(host_bits);
  if (host_bits < 128 && (host->negative ? host->magnitude > hosts : host->magnitude >= hosts)) {
    return args.fail("prefix of " + std::to_string(prefix->length) +
                     " bits cannot accommodate a host numbered " +
                     lang::format_number(host->number));
  }
  // A negative host counts back from the end: 2^host_bits - magnitude, modulo 2^128.
  Address a = prefix->address;
  a.bits += host->negative ? (host_bits < 128 ? hosts : 0) - host->magnitude : host->magnitude;
  return Value::string(format_address(a));
}

Value cidrnetmask(Args& args) {
  auto prefix = parse_prefix(args, 0);
  if (!prefix) return {};
  if (prefix->address.width != 32) return args.fail("only IPv4 prefixes have a netmask");
  return Value::string(format_address({mask(prefix->length, 32), 32}));
}

/// The `number`th subnet of `prefix` extended by `newbits`; sets the error when it is not.
std::optional<Prefix> subnet(Args& args, const Prefix& prefix, std::int64_t newbits,
                             const Wide& number) {
  const int width = prefix.address.width;
  if (newbits < 0 || prefix.length + newbits > width) {
    args.fail("cannot extend a prefix of " + std::to_string(prefix.length) + " bits by " +
              std::to_string(newbits) + " bits: an IPv" + (width == 32 ? "4" : "6") +
              " address has " + std::to_string(width));
    return std::nullopt;
  }
  const int bits = static_cast<int>(newbits);
  if (number.negative || (bits < 128 && number.magnitude >= power_of_two(bits))) {
    args.fail("a prefix extension of " + std::to_string(newbits) +
              " bits does not accommodate a subnet numbered " +
              lang::format_number(number.number));
    return std::nullopt;
  }
  Prefix out{prefix.address, prefix.length + bits};
  if (bits > 0) out.address.bits |= number.magnitude << (width - out.length);
  return out;
}

Value cidrsubnet(Args& args) {
  auto prefix = parse_prefix(args, 0);
  if (!prefix) return {};
  auto newbits = args.integer(1);
  if (!newbits) return {};
  auto number = wide_integer(args, 2);
  if (!number) return {};
  auto out = subnet(args, *prefix, *newbits, *number);
  if (!out) return {};
  return Value::string(format_prefix(*out));
}

Value cidrsubnets(Args& args) {
  auto prefix = parse_prefix(args, 0);
  if (!prefix) return {};
  const int width = prefix->address.width;
  const U128 end = prefix->address.bits + (power_of_two(width - prefix->length) - 1);
  U128 next = prefix->address.bits;  // the first address not yet allocated
  bool exhausted = false;
  Value::List out;
  for (std::size_t i = 1; i < args.size(); ++i) {
    auto newbits = args.integer(i);
    if (!newbits) return {};
    if (*newbits < 1 || prefix->length + *newbits > width) {
      return args.fail("argument " + std::to_string(i + 1) + ": cannot extend a prefix of " +
                       std::to_string(prefix->length) + " bits by " + std::to_string(*newbits) +
                       " bits");
    }
    const int length = prefix->length + static_cast<int>(*newbits);
    const U128 size = U128(1) << (width - length);
    // Each subnet starts at the next address aligned to its own size.
    const U128 start = (next + size - 1) & ~(size - 1);
    if (exhausted || start < next || start > end || end - start < size - 1) {
      return args.fail("not enough remaining address space for a subnet with a prefix of " +
                       std::to_string(length) + " bits");
    }
    out.push_back(Value::string(format_prefix({{start, width}, length})));
    next = start + size;
    exhausted = next == 0 || next > end;
  }
  return Value::list(std::move(out));
}

Value cidrcontains(Args& args) {
  auto prefix = parse_prefix(args, 0);
  auto text = args.string(1);
  if (!prefix || !text) return {};
  Prefix inner;
  if (text->find('/') != std::string::npos) {
    auto p = parse_prefix(args, 1);
    if (!p) return {};
    inner = *p;
  } else {
    auto a = parse_address(*text);
    if (!a) return args.fail("invalid IP address \"" + *text + "\"");
    inner = {*a, a->width};
  }
  if (inner.address.width != prefix->address.width) {
    return args.fail("the address family of \"" + *text + "\" differs from the prefix's");
  }
  const U128 m = mask(prefix->length, prefix->address.width);
  return Value::boolean(inner.length >= prefix->length &&
                        (inner.address.bits & m) == prefix->address.bits);
}

}  // namespace

std::vector<Function> network_functions() {
  return {
      {
          .name = "cidrcontains",
          .params = {"containing_prefix", "contained_ip_or_prefix"},
          .doc = R"md(
            Whether an address, or a whole prefix, lies within `containing_prefix`. Both
            must be of one family (IPv4 or IPv6).

            ```infra
            cidrcontains("192.168.2.0/24", "192.168.2.1")     # true
            cidrcontains("192.168.2.0/24", "192.168.2.0/25")  # true
            cidrcontains("fd00:fd12:3456:7890::/56", "fd00:fd12:3456:7890:00a2::/72")  # true
            ```
          )md",
          .impl = cidrcontains,
      },
      {
          .name = "cidrhost",
          .params = {"prefix", "hostnum"},
          .doc = R"md(
            The address numbered `hostnum` within `prefix`; a negative number counts from
            the end. IPv6 host numbers may have up to 128 bits.

            ```infra
            cidrhost("10.12.112.0/20", 16)               # "10.12.112.16"
            cidrhost("10.12.112.0/20", 268)              # "10.12.113.12"
            cidrhost("fd00:fd12:3456:7890:00a2::/72", 34)  # "fd00:fd12:3456:7890::22"
            ```
          )md",
          .impl = cidrhost,
      },
      {
          .name = "cidrnetmask",
          .params = {"prefix"},
          .doc = R"md(
            The netmask of an IPv4 prefix in dotted-decimal form.

            ```infra
            cidrnetmask("172.16.0.0/12")  # "255.240.0.0"
            ```
          )md",
          .impl = cidrnetmask,
      },
      {
          .name = "cidrsubnet",
          .params = {"prefix", "newbits", "netnum"},
          .doc = R"md(
            The subnet numbered `netnum` among those made by extending `prefix` by
            `newbits` bits; IPv6 subnet numbers may have up to 128 bits.

            ```infra
            cidrsubnet("172.16.0.0/12", 4, 2)                 # "172.18.0.0/16"
            cidrsubnet("10.1.2.0/24", 4, 15)                  # "10.1.2.240/28"
            cidrsubnet("fd00:fd12:3456:7890::/56", 16, 162)   # "fd00:fd12:3456:7800:a200::/72"
            ```
          )md",
          .impl = cidrsubnet,
      },
      {
          .name = "cidrsubnets",
          .params = {"prefix", "newbits..."},
          .doc = R"md(
            Consecutive subnets of `prefix`, one per `newbits` argument, each extending the
            prefix by that many bits and starting at the first free address aligned to its size.

            ```infra
            cidrsubnets("10.1.0.0/16", 4, 4, 8, 4)
            # ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]
            ```
          )md",
          .impl = cidrsubnets,
      },
  };
}

}  // namespace infra::stdlib
