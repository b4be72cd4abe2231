// Tests of cli/args.cpp: the flag syntax every command shares.
#include <catch2/catch.hpp>

#include "cli/args.hpp"

using infra::cli::FlagSpec;
using infra::cli::parse_args;
using infra::cli::UsageError;

namespace {
const FlagSpec kSpec{{"auto-approve", "refresh"}, {"out", "parallelism", "lock-timeout"}, {"var"}, 1};
}

TEST_CASE("flags take -name=value, -name value, --name, and booleans") {
  auto a = parse_args({"-out=p.plan", "--parallelism", "4", "-auto-approve", "-refresh=false",
                       "-var", "a=1", "-var=b=2", "file"},
                      kSpec);
  CHECK(a.value("out") == "p.plan");
  CHECK(a.integer("parallelism", 10) == 4);
  CHECK(a.flag("auto-approve"));
  CHECK_FALSE(a.flag("refresh", true));
  CHECK(a.repeated.at("var") == std::vector<std::string>{"a=1", "b=2"});
  CHECK(a.positional == std::vector<std::string>{"file"});
  CHECK_FALSE(a.help);
  CHECK(parse_args({"--help"}, kSpec).help);
  CHECK(parse_args({}, kSpec).integer("parallelism", 10) == 10);
}

TEST_CASE("bad command lines say what is wrong") {
  CHECK_THROWS_WITH(parse_args({"-nope"}, kSpec), "unknown flag -nope");
  CHECK_THROWS_WITH(parse_args({"-out"}, kSpec), "-out needs a value");
  CHECK_THROWS_WITH(parse_args({"-auto-approve=maybe"}, kSpec),
                    "-auto-approve is true or false, got \"maybe\"");
  CHECK_THROWS_WITH(parse_args({"a", "b"}, kSpec), "unexpected argument \"b\"");
  CHECK_THROWS_WITH(parse_args({"-parallelism=0"}, kSpec).integer("parallelism", 10),
                    "-parallelism needs a positive whole number, got \"0\"");
  CHECK_THROWS_WITH(parse_args({"-parallelism=3x"}, kSpec).integer("parallelism", 10),
                    "-parallelism needs a positive whole number, got \"3x\"");
}

TEST_CASE("durations take a unit, and seconds without one") {
  using std::chrono::milliseconds;
  auto d = [](const std::string& text) {
    return parse_args({"-lock-timeout=" + text}, kSpec).duration("lock-timeout", milliseconds(7));
  };
  CHECK(d("30s") == milliseconds(30'000));
  CHECK(d("5m") == milliseconds(300'000));
  CHECK(d("1h") == milliseconds(3'600'000));
  CHECK(d("250ms") == milliseconds(250));
  CHECK(d("2") == milliseconds(2000));
  CHECK(parse_args({}, kSpec).duration("lock-timeout", milliseconds(7)) == milliseconds(7));
  for (const char* bad : {"", "s", "10x", "-1s", "1.5s", "99999999999s"}) {
    INFO(bad);
    CHECK_THROWS_WITH(d(bad), Catch::Contains("-lock-timeout needs a duration such as 30s"));
  }
}
