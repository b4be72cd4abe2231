// Tests of stdlib/files.cpp and of the file hashes of stdlib/hashing.cpp, against real
// files in a temporary module directory.
#include <filesystem>
#include <fstream>
#include <unistd.h>

#include "tests/stdlib/call.hpp"

namespace infra::stdlib::testing {
namespace {

namespace fs = std::filesystem;

/// A module directory with a few files, removed at the end of the test.
struct TempModule {
  fs::path dir;
  TempModule() {
    dir = fs::temp_directory_path() /
          ("infra-stdlib-files-" + std::to_string(::getpid()) + "-" + std::to_string(++count));
    fs::create_directories(dir / "files" / "sub");
    write("hello.txt", "Hello World");
    write("files/a.txt", "a");
    write("files/b.md", "b");
    write("files/sub/c.txt", "c");
    write("binary.bin", std::string("\xff\x00\x01", 3));
  }
  ~TempModule() { fs::remove_all(dir); }
  void write(const std::string& name, const std::string& text) {
    std::ofstream(dir / name, std::ios::binary) << text;
  }
  Context context() const {
    return Context{.module_dir = dir, .root_dir = dir, .planning = false, .plan_timestamp = {}};
  }
  static inline int count = 0;
};

TEST_CASE("file reads a file relative to the module directory") {
  TempModule m;
  CHECK(ok_in(m.context(), "file", {S("hello.txt")}) == S("Hello World"));
  CHECK(ok_in(m.context(), "file", {S((m.dir / "hello.txt").string())}) == S("Hello World"));
  CHECK(fails_in(m.context(), "file", {S("missing.txt")}) == "file: no file exists at \"missing.txt\"");
  CHECK(fails_in(m.context(), "file", {S("files")}) == "file: \"files\" is a directory, not a file");
  CHECK(fails_in(m.context(), "file", {S("binary.bin")}) ==
        "file: the contents of \"binary.bin\" are not valid UTF-8; use filebase64 to read binary files");
  CHECK(fails_in(m.context(), "file", {L({})}) == "file: argument 1 must be a string, got list");
}

TEST_CASE("filebase64 and fileexists") {
  TempModule m;
  CHECK(ok_in(m.context(), "filebase64", {S("hello.txt")}) == S("SGVsbG8gV29ybGQ="));
  CHECK(ok_in(m.context(), "filebase64", {S("binary.bin")}) == S("/wAB"));
  CHECK(fails_in(m.context(), "filebase64", {S("nope")}) == "filebase64: no file exists at \"nope\"");
  CHECK(ok_in(m.context(), "fileexists", {S("hello.txt")}) == B(true));
  CHECK(ok_in(m.context(), "fileexists", {S("nope.txt")}) == B(false));
  CHECK(fails_in(m.context(), "fileexists", {S("files")}) ==
        "fileexists: \"files\" exists but is not a regular file");
}

TEST_CASE("fileset matches globs below a directory") {
  TempModule m;
  const Context c = m.context();
  CHECK(ok_in(c, "fileset", {S("."), S("files/*.txt")}) == L({S("files/a.txt")}));
  CHECK(ok_in(c, "fileset", {S("files"), S("**/*.txt")}) == L({S("a.txt"), S("sub/c.txt")}));
  CHECK(ok_in(c, "fileset", {S("files"), S("*.{txt,md}")}) == L({S("a.txt"), S("b.md")}));
  CHECK(ok_in(c, "fileset", {S("files"), S("[ab].*")}) == L({S("a.txt"), S("b.md")}));
  CHECK(ok_in(c, "fileset", {S("files"), S("?.md")}) == L({S("b.md")}));
  CHECK(ok_in(c, "fileset", {S("nowhere"), S("*")}) == L({}));
  CHECK(fails_in(c, "fileset", {S("."), S("{a")}) == "fileset: invalid pattern \"{a\"");
}

TEST_CASE("file hashes") {
  TempModule m;
  const Context c = m.context();
  CHECK(ok_in(c, "filemd5", {S("hello.txt")}) == S("b10a8db164e0754105b7a99be72e3fe5"));
  CHECK(ok_in(c, "filesha1", {S("hello.txt")}) == S("0a4d55a8d778e5022fab701977c5d840bbc486d0"));
  CHECK(ok_in(c, "filesha256", {S("hello.txt")}) ==
        S("a591a6d40bf420404a011733cfb7b190d62c65bf0bcda32b57b277d9ad9f146e"));
  CHECK(ok_in(c, "filesha512", {S("hello.txt")}) ==
        S("2c74fd17edafd80e8447b0d46741ee243b7eb74dd2149a0ab1b9246fb30382f27e853d8585719e0e67cbda0daa8f51671064615d645ae27acb15bfb1447f459b"));
  CHECK(ok_in(c, "filebase64sha256", {S("hello.txt")}) ==
        S("pZGm1Av0IEBKARczz7exkNYsZb8LzaMrV7J32a2fFG4="));
  CHECK(ok_in(c, "filebase64sha512", {S("hello.txt")}) ==
        S("LHT9F+2v2A6ER7DUZ0HuJDt+t03SFJoKsbkkb7MDgvJ+hT2FhXGeDmfL2g2qj1FnEGRhXWRa4nrLFb+xRH9Fmw=="));
  CHECK(fails_in(c, "filesha256", {S("nope")}) == "filesha256: no file exists at \"nope\"");
  CHECK(fails_in(c, "filemd5", {}) == "filemd5: expects 1 argument, got 0; usage: filemd5(path)");
}

TEST_CASE("path functions") {
  CHECK(ok("basename", {S("foo/bar/baz.txt")}) == S("baz.txt"));
  CHECK(ok("basename", {S("foo/bar/")}) == S("bar"));
  CHECK(ok("basename", {S("/")}) == S("/"));
  CHECK(ok("basename", {S("")}) == S("."));
  CHECK(ok("dirname", {S("foo/bar/baz.txt")}) == S("foo/bar"));
  CHECK(ok("dirname", {S("baz.txt")}) == S("."));
  CHECK(ok("dirname", {S("/baz.txt")}) == S("/"));
  CHECK(ok("dirname", {S("a//b/../c/d")}) == S("a/c"));
  CHECK(ok("abspath", {S("/a/b/../c/")}) == S("/a/c"));
  CHECK(ok("abspath", {S("x")}) == S((fs::current_path() / "x").string()));
  const char* home = std::getenv("HOME");
  REQUIRE(home != nullptr);
  CHECK(ok("pathexpand", {S("~/.ssh/id_rsa")}) == S(std::string(home) + "/.ssh/id_rsa"));
  CHECK(ok("pathexpand", {S("/etc/resolv.conf")}) == S("/etc/resolv.conf"));
  CHECK(ok("pathexpand", {S("a~b")}) == S("a~b"));
  CHECK(fails("basename", {L({})}) == "basename: argument 1 must be a string, got list");
}

}  // namespace
}  // namespace infra::stdlib::testing
