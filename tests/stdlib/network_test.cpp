// Tests of stdlib/network.cpp, with Terraform's documented examples.
#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

TEST_CASE("cidrhost") {
  CHECK(ok("cidrhost", {S("10.12.112.0/20"), N(16)}) == S("10.12.112.16"));
  CHECK(ok("cidrhost", {S("10.12.112.0/20"), N(268)}) == S("10.12.113.12"));
  CHECK(ok("cidrhost", {S("10.12.112.0/20"), N(-1)}) == S("10.12.127.255"));
  CHECK(ok("cidrhost", {S("fd00:fd12:3456:7890:00a2::/72"), N(34)}) == S("fd00:fd12:3456:7890::22"));
  CHECK(ok("cidrhost", {S("10.0.0.0/32"), N(0)}) == S("10.0.0.0"));
  CHECK(fails("cidrhost", {S("10.0.0.0/24"), N(256)}) ==
        "cidrhost: prefix of 24 bits cannot accommodate a host numbered 256");
  CHECK(fails("cidrhost", {S("10.0.0.0/24"), N(-257)}) ==
        "cidrhost: prefix of 24 bits cannot accommodate a host numbered -257");
  // IPv6 host numbers of up to 128 bits.
  CHECK(ok("cidrhost", {S("fd00::/64"), Big("18446744073709551615")}) ==
        S("fd00::ffff:ffff:ffff:ffff"));
  CHECK(ok("cidrhost", {S("fd00::/32"), Big("18446744073709551616")}) == S("fd00:0:0:1::"));
  CHECK(ok("cidrhost", {S("fd00::/64"), N(-1)}) == S("fd00::ffff:ffff:ffff:ffff"));
  CHECK(ok("cidrhost", {S("::/0"), N(-1)}) == S("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK(ok("cidrhost", {S("::/0"), Big("340282366920938463463374607431768211455")}) ==
        S("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff"));
  CHECK(fails("cidrhost", {S("fd00::/64"), Big("18446744073709551616")}) ==
        "cidrhost: prefix of 64 bits cannot accommodate a host numbered 18446744073709551616");
  CHECK(fails("cidrhost", {S("::/0"), Big("340282366920938463463374607431768211456")}) ==
        "cidrhost: argument 2 must be a whole number within 128 bits, got "
        "340282366920938463463374607431768211456");
  CHECK(fails("cidrhost", {S("10.0.0.0/24"), N(1.5)}) ==
        "cidrhost: argument 2 must be a whole number, got 1.5");
  CHECK(fails("cidrhost", {S("10.0.0.0/33"), N(1)}) == "cidrhost: invalid CIDR address \"10.0.0.0/33\"");
  CHECK(fails("cidrhost", {S("10.0.0/8"), N(1)}) == "cidrhost: invalid CIDR address \"10.0.0/8\"");
  CHECK(fails("cidrhost", {S("10.0.0.0"), N(1)}) == "cidrhost: invalid CIDR address \"10.0.0.0\"");
}

TEST_CASE("cidrnetmask") {
  CHECK(ok("cidrnetmask", {S("172.16.0.0/12")}) == S("255.240.0.0"));
  CHECK(ok("cidrnetmask", {S("0.0.0.0/0")}) == S("0.0.0.0"));
  CHECK(ok("cidrnetmask", {S("10.0.0.1/32")}) == S("255.255.255.255"));
  CHECK(fails("cidrnetmask", {S("fd00::/8")}) == "cidrnetmask: only IPv4 prefixes have a netmask");
}

TEST_CASE("cidrsubnet") {
  CHECK(ok("cidrsubnet", {S("172.16.0.0/12"), N(4), N(2)}) == S("172.18.0.0/16"));
  CHECK(ok("cidrsubnet", {S("10.1.2.0/24"), N(4), N(15)}) == S("10.1.2.240/28"));
  CHECK(ok("cidrsubnet", {S("10.1.2.3/24"), N(0), N(0)}) == S("10.1.2.0/24"));
  CHECK(ok("cidrsubnet", {S("fd00:fd12:3456:7890::/56"), N(16), N(162)}) ==
        S("fd00:fd12:3456:7800:a200::/72"));
  CHECK(fails("cidrsubnet", {S("10.0.0.0/24"), N(9), N(0)}) ==
        "cidrsubnet: cannot extend a prefix of 24 bits by 9 bits: an IPv4 address has 32");
  CHECK(fails("cidrsubnet", {S("10.0.0.0/24"), N(2), N(4)}) ==
        "cidrsubnet: a prefix extension of 2 bits does not accommodate a subnet numbered 4");
  CHECK(fails("cidrsubnet", {S("nope"), N(2), N(4)}) == "cidrsubnet: invalid CIDR address \"nope\"");
  // IPv6 network numbers of up to 128 bits.
  CHECK(ok("cidrsubnet", {S("fd00::/16"), N(65), Big("18446744073709551616")}) ==
        S("fd00:8000::/81"));
  CHECK(fails("cidrsubnet", {S("fd00::/16"), N(64), Big("18446744073709551616")}) ==
        "cidrsubnet: a prefix extension of 64 bits does not accommodate a subnet numbered "
        "18446744073709551616");
  CHECK(ok("cidrsubnet", {S("::/0"), N(128), Big("340282366920938463463374607431768211455")}) ==
        S("ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff/128"));
  CHECK(ok("cidrsubnet", {S("::/0"), N(0), N(0)}) == S("::/0"));
  CHECK(fails("cidrsubnet", {S("fd00::/16"), N(8), N(256)}) ==
        "cidrsubnet: a prefix extension of 8 bits does not accommodate a subnet numbered 256");
  CHECK(fails("cidrsubnet", {S("fd00::/16"), N(8), N(-1)}) ==
        "cidrsubnet: a prefix extension of 8 bits does not accommodate a subnet numbered -1");
  CHECK(fails("cidrsubnet", {S("fd00::/16"), N(8), N(0.5)}) ==
        "cidrsubnet: argument 3 must be a whole number, got 0.5");
}

TEST_CASE("cidrsubnets") {
  CHECK(ok("cidrsubnets", {S("10.1.0.0/16"), N(4), N(4), N(8), N(4)}) ==
        L({S("10.1.0.0/20"), S("10.1.16.0/20"), S("10.1.32.0/24"), S("10.1.48.0/20")}));
  CHECK(ok("cidrsubnets", {S("fd00:fd12:3456:7890::/56"), N(16), N(16), N(16), N(32)}) ==
        L({S("fd00:fd12:3456:7800::/72"), S("fd00:fd12:3456:7800:100::/72"),
           S("fd00:fd12:3456:7800:200::/72"), S("fd00:fd12:3456:7800:300::/88")}));
  CHECK(ok("cidrsubnets", {S("10.0.0.0/8")}) == L({}));
  CHECK(ok("cidrsubnets", {S("10.0.0.0/24"), N(1), N(1)}) == L({S("10.0.0.0/25"), S("10.0.0.128/25")}));
  CHECK(fails("cidrsubnets", {S("10.0.0.0/24"), N(1), N(1), N(1)}) ==
        "cidrsubnets: not enough remaining address space for a subnet with a prefix of 25 bits");
  CHECK(fails("cidrsubnets", {S("10.0.0.0/24"), N(0)}) ==
        "cidrsubnets: argument 2: cannot extend a prefix of 24 bits by 0 bits");
}

TEST_CASE("cidrcontains") {
  CHECK(ok("cidrcontains", {S("192.168.2.0/24"), S("192.168.2.1")}) == B(true));
  CHECK(ok("cidrcontains", {S("192.168.2.0/24"), S("192.126.2.1")}) == B(false));
  CHECK(ok("cidrcontains", {S("fd00:fd12:3456:7890::/56"), S("fd00:fd12:3456:7890:00a2::/72")}) ==
        B(true));
  CHECK(ok("cidrcontains", {S("192.168.2.0/24"), S("192.168.0.0/16")}) == B(false));
  CHECK(fails("cidrcontains", {S("192.168.2.0/24"), S("fd00::1")}) ==
        "cidrcontains: the address family of \"fd00::1\" differs from the prefix's");
  CHECK(fails("cidrcontains", {S("192.168.2.0/24"), S("300.1.1.1")}) ==
        "cidrcontains: invalid IP address \"300.1.1.1\"");
}

}  // namespace
}  // namespace infra::stdlib::testing
