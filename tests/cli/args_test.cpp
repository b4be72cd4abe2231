// Tests of cli/args.cpp: the flag syntax every command shares.
#include <catch2/catch.hpp>

#include "cli/args.hpp"

using infra::cli::FlagSpec;
using infra::cli::parse_args;
using infra::cli::UsageError;

namespace {
const FlagSpec kSpec{{"auto-approve", "refresh"}, {"out", "parallelism"}, {"var"}, 1};
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
