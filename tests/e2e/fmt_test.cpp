// End to end: `infra fmt` on real files: rewriting in place, -check, -diff, -recursive,
// standard input, and files that do not lex.
#include <sys/wait.h>

#include <cstdlib>

#include <catch2/catch.hpp>

#include "harness.hpp"

using infra::e2e::contains;
using infra::e2e::Result;
using infra::e2e::run_infra;
using infra::e2e::Scratch;

namespace {

constexpr const char* kMessy = "resource \"local_file\" \"a\" {\nfilename=\"a.txt\"\n  content = \"a\"\n}\n";
constexpr const char* kTidy =
    "resource \"local_file\" \"a\" {\n  filename = \"a.txt\"\n  content  = \"a\"\n}\n";

}  // namespace

TEST_CASE("fmt rewrites unformatted files in place and names them") {
  Scratch dir;
  dir.write("main.infra", kMessy);
  dir.write("tidy.infra", kTidy);
  dir.write("notes.txt", "x=1\n");
  Result r = run_infra(dir.path(), {"fmt"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(r.out == "main.infra\n");
  CHECK(dir.read("main.infra") == kTidy);
  CHECK(dir.read("tidy.infra") == kTidy);
  CHECK(dir.read("notes.txt") == "x=1\n");
  // A second run has nothing to do.
  Result again = run_infra(dir.path(), {"fmt"});
  CHECK(again.code == 0);
  CHECK(again.out.empty());
}

TEST_CASE("fmt with named files, -list=false and -write=false") {
  Scratch dir;
  dir.write("a.infra", kMessy);
  dir.write("b.infra", kMessy);
  Result quiet = run_infra(dir.path(), {"fmt", "-list=false", "a.infra"});
  INFO(quiet.all());
  CHECK(quiet.code == 0);
  CHECK(quiet.out.empty());
  CHECK(dir.read("a.infra") == kTidy);
  CHECK(dir.read("b.infra") == kMessy);
  Result dry = run_infra(dir.path(), {"fmt", "-write=false", "b.infra"});
  CHECK(dry.code == 0);
  CHECK(dry.out == "b.infra\n");
  CHECK(dir.read("b.infra") == kMessy);
  Result missing = run_infra(dir.path(), {"fmt", "nope.infra"});
  CHECK(missing.code == 1);
  CHECK(contains(missing.err, "no file or directory \"nope.infra\""));
}

TEST_CASE("fmt -check changes nothing and exits 3 when a file is not formatted") {
  Scratch dir;
  dir.write("main.infra", kMessy);
  Result r = run_infra(dir.path(), {"fmt", "-check"});
  INFO(r.all());
  CHECK(r.code == 3);
  CHECK(r.out == "main.infra\n");
  CHECK(dir.read("main.infra") == kMessy);
  dir.write("main.infra", kTidy);
  Result ok = run_infra(dir.path(), {"fmt", "-check"});
  INFO(ok.all());
  CHECK(ok.code == 0);
  CHECK(ok.out.empty());
}

TEST_CASE("fmt -diff prints a unified diff") {
  Scratch dir;
  dir.write("main.infra", kMessy);
  Result r = run_infra(dir.path(), {"fmt", "-diff", "-list=false", "-write=false"});
  INFO(r.all());
  CHECK(r.code == 0);
  CHECK(r.out ==
        "--- old/main.infra\n"
        "+++ new/main.infra\n"
        "@@ -1,4 +1,4 @@\n"
        " resource \"local_file\" \"a\" {\n"
        "-filename=\"a.txt\"\n"
        "-  content = \"a\"\n"
        "+  filename = \"a.txt\"\n"
        "+  content  = \"a\"\n"
        " }\n");
  CHECK(dir.read("main.infra") == kMessy);
}

TEST_CASE("fmt -diff keeps hunks apart and shows a missing final newline") {
  Scratch dir;
  std::string text = "a {\nx=1\n}\n";
  for (int i = 0; i < 10; ++i) text += "b" + std::to_string(i) + " {}\n";
  text += "c {\ny=2\n}";
  dir.write("main.infra", text);
  Result r = run_infra(dir.path(), {"fmt", "-diff", "-check"});
  INFO(r.all());
  CHECK(r.code == 3);
  CHECK(contains(r.out, "@@ -1,5 +1,5 @@\n a {\n-x=1\n+  x = 1\n }\n b0 {}\n b1 {}\n"));
  CHECK(contains(r.out, "@@ -12,5 +12,5 @@\n b8 {}\n b9 {}\n c {\n-y=2\n-}\n\\ No newline at end of file\n"
                        "+  y = 2\n+}\n"));
}

TEST_CASE("fmt -recursive also formats subdirectories") {
  Scratch dir;
  dir.write("main.infra", kMessy);
  dir.write("modules/net/net.infra", kMessy);
  dir.write(".hidden/skip.infra", kMessy);
  Result flat = run_infra(dir.path(), {"fmt"});
  INFO(flat.all());
  CHECK(flat.out == "main.infra\n");
  CHECK(dir.read("modules/net/net.infra") == kMessy);
  Result deep = run_infra(dir.path(), {"fmt", "-recursive"});
  INFO(deep.all());
  CHECK(deep.code == 0);
  CHECK(deep.out == "modules/net/net.infra\n");
  CHECK(dir.read("modules/net/net.infra") == kTidy);
  CHECK(dir.read(".hidden/skip.infra") == kMessy);
}

TEST_CASE("fmt with a dash reads standard input and writes standard output") {
  Scratch dir;
  dir.write("in.infra", kMessy);
  std::string infra = infra::e2e::infra_binary().string();
  std::string cd = "cd '" + dir.path().string() + "' && '" + infra + "' fmt ";
  CHECK(std::system((cd + "- < in.infra > out.txt 2> err.txt").c_str()) == 0);
  CHECK(dir.read("out.txt") == kTidy);
  int check = std::system((cd + "-check - < in.infra > out.txt").c_str());
  CHECK(WEXITSTATUS(check) == 3);
  CHECK(dir.read("out.txt").empty());
  dir.write("bad.infra", "x = \"open\n");
  int bad = std::system((cd + "- < bad.infra > out.txt 2> err.txt").c_str());
  CHECK(WEXITSTATUS(bad) == 1);
  CHECK(contains(dir.read("err.txt"), "<stdin>:1:5: unterminated string"));
}

TEST_CASE("fmt reports a file that does not lex and leaves it alone") {
  Scratch dir;
  const std::string broken = "resource \"local_file\" \"a\" {\n  content = \"a\"\n";
  dir.write("broken.infra", broken);
  dir.write("main.infra", kMessy);
  Result r = run_infra(dir.path(), {"fmt", "-no-color"});
  INFO(r.all());
  CHECK(r.code == 1);
  CHECK(contains(r.err, "Error: broken.infra:1:27: expected '}' to close the '{' opened at 1:27, "
                        "found the end of the file"));
  CHECK(dir.read("broken.infra") == broken);
  // The other files are still formatted.
  CHECK(r.out == "main.infra\n");
  CHECK(dir.read("main.infra") == kTidy);
}

TEST_CASE("fmt has help") {
  Scratch dir;
  Result r = run_infra(dir.path(), {"fmt", "--help"});
  CHECK(r.code == 0);
  CHECK(contains(r.out, "Usage: infra [-chdir=DIR] fmt [options] [TARGET...]"));
  Result top = run_infra(dir.path(), {"--help"});
  CHECK(contains(top.out, "fmt"));
}
